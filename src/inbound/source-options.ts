// hookrelay's per-source extensions to the Svix ingest source: the answer sent to the provider,
// deduplication and a sender IP allow-list. Stored as JSON in sources.options.
import { isValidCidr } from "../signing/ip-allowlist";
import { validateDedupe, type DedupeConfig } from "./dedupe";

export interface ResponseConfig { status: number; body: string; contentType: string }

export interface SourceOptions {
  response: ResponseConfig | null;
  dedupe: DedupeConfig | null;
  ipAllowlist: string[] | null;
}

export const EMPTY_OPTIONS: SourceOptions = { response: null, dedupe: null, ipAllowlist: null };
const MAX_RESPONSE_BODY = 4096;
const MAX_CIDRS = 200;

export type OptionsCheck = { ok: true; options: SourceOptions } | { ok: false; field: string; message: string };

/**
 * Merges the extension fields of a create/update body over the current options: an absent field keeps
 * its value (the svix SDK never sends these fields, so an SDK update must not wipe them), null clears it.
 */
export function mergeOptions(cur: SourceOptions, body: Record<string, unknown>): OptionsCheck {
  const out = { ...cur };
  if ("response" in body) {
    const r = validateResponse(body.response);
    if (!r.ok) return r;
    out.response = r.response;
  }
  if ("dedupe" in body) {
    const d = validateDedupe(body.dedupe);
    if (!d.ok) return d;
    out.dedupe = d.dedupe;
  }
  if ("ipAllowlist" in body) {
    const v = body.ipAllowlist;
    if (v === null) out.ipAllowlist = null;
    else if (!Array.isArray(v) || v.length > MAX_CIDRS || !v.every((c) => typeof c === "string" && isValidCidr(c))) {
      return { ok: false, field: "ipAllowlist", message: `must be a list of up to ${MAX_CIDRS} IP addresses or CIDR ranges like 192.0.2.0/24` };
    } else out.ipAllowlist = v as string[];
  }
  return { ok: true, options: out };
}

function validateResponse(v: unknown): { ok: true; response: ResponseConfig | null } | { ok: false; field: string; message: string } {
  if (v === null) return { ok: true, response: null };
  if (typeof v !== "object" || Array.isArray(v)) return { ok: false, field: "response", message: "must be an object like {\"status\": 202, \"body\": \"ok\", \"contentType\": \"text/plain\"}" };
  const { status = 200, body = "", contentType = "text/plain; charset=utf-8" } = v as Record<string, unknown>;
  if (typeof status !== "number" || !Number.isInteger(status) || status < 200 || status > 299) {
    return { ok: false, field: "response.status", message: "must be a 2xx status code" };
  }
  if (typeof body !== "string" || body.length > MAX_RESPONSE_BODY) return { ok: false, field: "response.body", message: `must be a string of at most ${MAX_RESPONSE_BODY} characters` };
  if (typeof contentType !== "string" || !/^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(\s*;.*)?$/.test(contentType) || contentType.length > 200) {
    return { ok: false, field: "response.contentType", message: "must be a media type like application/json" };
  }
  return { ok: true, response: { status, body, contentType } };
}

/** Reads stored options tolerantly (a hand-edited row must not break ingest). */
export function readOptions(stored: Record<string, unknown>): SourceOptions {
  const o = stored as Partial<SourceOptions>;
  return { response: o.response ?? null, dedupe: o.dedupe ?? null, ipAllowlist: Array.isArray(o.ipAllowlist) ? o.ipAllowlist : null };
}
