// Building blocks shared by the provider verifiers: result shapes, header lists, HMAC checks.
import {
  type ByteInput,
  type Encoding,
  type HashAlgorithm,
  encode,
  hmac,
  matchesAny,
  withinTolerance,
} from "../crypto-utils.ts";
import type { InboundRequest, VerifyResult } from "./types.ts";

export const OK: VerifyResult = { ok: true };
export const DEFAULT_TOLERANCE_SEC = 300;

export function fail(reason: string): VerifyResult {
  return { ok: false, reason };
}

export function missingHeader(name: string): VerifyResult {
  return fail(`missing ${name} header`);
}

export const MISMATCH = fail("signature mismatch");

/**
 * Parses `k=v<sep>k=v…` (Stripe `t=…,v1=…`, Paddle-style lists). Repeated keys are kept, which is how
 * several signatures arrive during secret rotation. Null when a part has no `=`.
 */
export function parsePairs(header: string, separator = ","): Map<string, string[]> | null {
  const pairs = new Map<string, string[]>();
  for (const part of header.split(separator)) {
    const at = part.indexOf("=");
    if (at <= 0) return null;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    pairs.set(key, [...(pairs.get(key) ?? []), value]);
  }
  return pairs;
}

export function timestampProblem(timestampMs: number, nowMs: number, toleranceSec: number): VerifyResult | null {
  return withinTolerance(timestampMs, nowMs, toleranceSec)
    ? null
    : fail(`timestamp is outside the ${toleranceSec}s tolerance`);
}

export interface HmacCheck {
  algorithm: HashAlgorithm;
  encoding: Encoding;
  key: ByteInput;
  content: ByteInput[];
  /** Signatures as sent, already stripped of any scheme prefix. */
  candidates: readonly string[];
}

/** Compares the expected HMAC with every candidate in constant time. Hex is compared lowercase. */
export function hmacMatches({ algorithm, encoding, key, content, candidates }: HmacCheck): boolean {
  const expected = encode(hmac(algorithm, key, ...content), encoding);
  const normalised = encoding === "hex" ? candidates.map((c) => c.toLowerCase()) : candidates;
  return matchesAny(expected, normalised);
}

/** Strips `prefix` from a header value; null when it is absent (a malformed header). */
export function stripPrefix(value: string, prefix: string): string | null {
  if (prefix === "") return value.trim();
  return value.startsWith(prefix) ? value.slice(prefix.length).trim() : null;
}

/** JSON body for handshake detection; undefined for anything that is not a JSON object. */
export function jsonObject(req: InboundRequest): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(req.rawBody));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Token equality for schemes that send the shared secret itself (API keys, bearer tokens). */
export function tokenMatches(provided: string | null, secret: string): boolean {
  return provided !== null && matchesAny(secret, [provided]);
}
