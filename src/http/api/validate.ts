// Small field validators for API bodies and queries. Each failure throws ValidationError naming the
// field, which the server turns into Svix's 422 `{detail:[{loc, msg, type}]}`.
import { ValidationError } from "../errors";

type Loc = "body" | "query" | "header" | "path";
export type Obj = Record<string, unknown>;

/** Svix's id-like names: uids, event type names, channels (channels also allow ':'). */
export const UID_RE = /^[a-zA-Z0-9\-_.]+$/;
export const CHANNEL_RE = /^[a-zA-Z0-9\-_.:]+$/;
export const TAG_RE = /^[a-zA-Z0-9\-_./\\#]+$/;
export const SECRET_RE = /^(whsec_)?[a-zA-Z0-9+/=]{32,100}$/;
// RFC 7230 token characters.
export const HEADER_NAME_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function bodyObject(body: unknown): Obj {
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new ValidationError("body", "expected a JSON object");
  return body as Obj;
}

export const has = (o: Obj, k: string) => o[k] !== undefined;

export function str(o: Obj, k: string, opts: { required?: boolean; max?: number; min?: number; pattern?: RegExp; patternMsg?: string; loc?: Loc } = {}): string | undefined {
  const v = o[k];
  if (v === undefined || v === null) {
    if (opts.required) throw new ValidationError(k, "field required", opts.loc ?? "body");
    return undefined;
  }
  if (typeof v !== "string") throw new ValidationError(k, "expected a string", opts.loc ?? "body");
  if (opts.min !== undefined && v.length < opts.min) throw new ValidationError(k, `must be at least ${opts.min} characters`, opts.loc ?? "body");
  if (opts.max !== undefined && v.length > opts.max) throw new ValidationError(k, `must be at most ${opts.max} characters`, opts.loc ?? "body");
  if (opts.pattern && !opts.pattern.test(v)) throw new ValidationError(k, opts.patternMsg ?? `must match ${opts.pattern.source}`, opts.loc ?? "body");
  return v;
}

/** A nullable string: undefined = absent, null = explicitly cleared. */
export function nstr(o: Obj, k: string, opts: Parameters<typeof str>[2] = {}): string | null | undefined {
  if (o[k] === null) return null;
  return str(o, k, opts);
}

export function int(o: Obj, k: string, opts: { min?: number; max?: number; loc?: Loc } = {}): number | null | undefined {
  const v = o[k];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== "number" || !Number.isInteger(v)) throw new ValidationError(k, "expected an integer", opts.loc ?? "body");
  if (opts.min !== undefined && v < opts.min) throw new ValidationError(k, `must be at least ${opts.min}`, opts.loc ?? "body");
  if (opts.max !== undefined && v > opts.max) throw new ValidationError(k, `must be at most ${opts.max}`, opts.loc ?? "body");
  return v;
}

export function bool(o: Obj, k: string): boolean | undefined {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw new ValidationError(k, "expected true or false");
  return v;
}

export function strList(o: Obj, k: string, opts: { max?: number; minItems?: number; maxItems?: number; pattern?: RegExp } = {}): string[] | null | undefined {
  const v = o[k];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (!Array.isArray(v)) throw new ValidationError(k, "expected an array of strings");
  if (opts.minItems !== undefined && v.length < opts.minItems) throw new ValidationError(k, `must have at least ${opts.minItems} item(s), or be null`);
  if (opts.maxItems !== undefined && v.length > opts.maxItems) throw new ValidationError(k, `must have at most ${opts.maxItems} items`);
  v.forEach((s, i) => {
    if (typeof s !== "string" || s.length === 0) throw new ValidationError(`${k}.${i}`, "expected a non-empty string");
    if (opts.max !== undefined && s.length > opts.max) throw new ValidationError(`${k}.${i}`, `must be at most ${opts.max} characters`);
    if (opts.pattern && !opts.pattern.test(s)) throw new ValidationError(`${k}.${i}`, `must match ${opts.pattern.source}`);
  });
  return [...new Set(v as string[])];
}

export function strMap(o: Obj, k: string, opts: { keyPattern?: RegExp; maxValue?: number } = {}): Record<string, string> | null | undefined {
  const v = o[k];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== "object" || Array.isArray(v)) throw new ValidationError(k, "expected an object of string values");
  for (const [key, val] of Object.entries(v as Obj)) {
    if (typeof val !== "string") throw new ValidationError(`${k}.${key}`, "expected a string");
    if (opts.keyPattern && !opts.keyPattern.test(key)) throw new ValidationError(`${k}.${key}`, "is not a valid name");
    if (opts.maxValue !== undefined && val.length > opts.maxValue) throw new ValidationError(`${k}.${key}`, `must be at most ${opts.maxValue} characters`);
  }
  return v as Record<string, string>;
}

/** An RFC 3339 timestamp (the SDK sends Date.toISOString()). */
export function date(o: Obj, k: string, opts: { required?: boolean; loc?: Loc } = {}): number | null | undefined {
  const v = o[k];
  if (v === undefined || v === null) {
    if (opts.required) throw new ValidationError(k, "field required", opts.loc ?? "body");
    return v as null | undefined;
  }
  const t = typeof v === "string" ? Date.parse(v) : NaN;
  if (!Number.isFinite(t)) throw new ValidationError(k, "expected an RFC 3339 date-time, e.g. 2026-01-31T12:00:00Z", opts.loc ?? "body");
  return t;
}
