// Request builders and independent formula implementations for the signing tests. The formulas are
// re-derived here with node:crypto on purpose: reusing src helpers would let a shared bug pass both sides.
import { createHash, createHmac } from "node:crypto";
import type { InboundRequest } from "../../src/signing/index.ts";

/** A fixed "now" (2024-06-01T00:00:00Z): tests never read the real clock. */
export const NOW_MS = Date.UTC(2024, 5, 1);
export const NOW_SEC = NOW_MS / 1000;
export const SIX_MINUTES_MS = 6 * 60 * 1000;

export interface RequestParts {
  method?: string;
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export function makeRequest(parts: RequestParts = {}): InboundRequest {
  const body = parts.body ?? "";
  return {
    method: parts.method ?? "POST",
    path: parts.path ?? "/in/tok_test",
    query: new URLSearchParams(parts.query ?? {}),
    headers: new Headers(parts.headers ?? {}),
    rawBody: typeof body === "string" ? new TextEncoder().encode(body) : body,
  };
}

export function hmacHex(algorithm: string, key: string | Buffer, data: string | Buffer): string {
  return createHmac(algorithm, key).update(data).digest("hex");
}

export function hmacB64(algorithm: string, key: string | Buffer, data: string | Buffer): string {
  return createHmac(algorithm, key).update(data).digest("base64");
}

export function sha256Hex(data: string): string {
  return createHash("sha256").update(data).digest("hex");
}

export const SAMPLE_BODY = JSON.stringify({ id: "evt_1", type: "invoice.paid", data: { amount: 4200, note: "naïve ✓" } });
export const TAMPERED_BODY = SAMPLE_BODY.replace("4200", "4201");
