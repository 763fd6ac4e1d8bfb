// Optional per-source deduplication: a request whose key (a header, or a field of its JSON body) was
// already accepted within the window is recorded as `duplicate` and not forwarded. Providers retry on
// timeouts and some send the same event twice; their delivery ids (X-GitHub-Delivery, Stripe's event id)
// make good keys.
import { createHash } from "node:crypto";

export interface DedupeConfig {
  header?: string;
  jsonField?: string;
  windowSec: number;
}

export const MAX_DEDUPE_WINDOW_SEC = 7 * 86_400;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export type DedupeCheck = { ok: true; dedupe: DedupeConfig | null } | { ok: false; field: string; message: string };

export function validateDedupe(input: unknown): DedupeCheck {
  if (input === null || input === undefined) return { ok: true, dedupe: null };
  if (typeof input !== "object" || Array.isArray(input)) return { ok: false, field: "dedupe", message: "must be an object like {\"header\": \"X-GitHub-Delivery\", \"windowSec\": 3600}" };
  const { header, jsonField, windowSec } = input as Record<string, unknown>;
  if ((header === undefined || header === null) === (jsonField === undefined || jsonField === null)) {
    return { ok: false, field: "dedupe", message: "needs exactly one of header or jsonField" };
  }
  if (header !== undefined && header !== null && (typeof header !== "string" || !HEADER_NAME.test(header))) {
    return { ok: false, field: "dedupe.header", message: "must be a valid HTTP header name" };
  }
  if (jsonField !== undefined && jsonField !== null && (typeof jsonField !== "string" || !/^[^.\s]+(\.[^.\s]+)*$/.test(jsonField))) {
    return { ok: false, field: "dedupe.jsonField", message: "must be a dot path like data.id" };
  }
  const window = windowSec ?? 3600;
  if (typeof window !== "number" || !Number.isInteger(window) || window < 1 || window > MAX_DEDUPE_WINDOW_SEC) {
    return { ok: false, field: "dedupe.windowSec", message: `must be an integer from 1 to ${MAX_DEDUPE_WINDOW_SEC}` };
  }
  const out: DedupeConfig = { windowSec: window };
  if (typeof header === "string") out.header = header.toLowerCase();
  if (typeof jsonField === "string") out.jsonField = jsonField;
  return { ok: true, dedupe: out };
}

/** Reads a dot path ("data.object.id", "items.0.id") from parsed JSON. */
export function readPath(value: unknown, path: string): unknown {
  let cur = value;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** The stored key: a hash, so long or sensitive values are neither kept nor indexed as is. Null = no key, no dedupe. */
export function dedupeKeyOf(cfg: DedupeConfig, headers: Headers, body: unknown): string | null {
  let raw: unknown;
  if (cfg.header) raw = headers.get(cfg.header);
  else raw = readPath(body, cfg.jsonField!);
  if (raw === undefined || raw === null || raw === "") return null;
  const text = typeof raw === "string" ? raw : JSON.stringify(raw);
  return createHash("sha256").update(`${cfg.header ? "h:" + cfg.header : "j:" + cfg.jsonField}\n${text}`).digest("hex");
}
