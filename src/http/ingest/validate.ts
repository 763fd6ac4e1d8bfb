// Small, explicit body/query readers for the ingest API: each names the field and the fix in a 422,
// in Svix's error shape (ValidationError → {detail: [{loc, msg}]}).
import { ValidationError, ApiError } from "../errors";
import type { PageQuery } from "../../store/pagination";
import { DuplicateError } from "../../store/store-errors";

export type Body = Record<string, unknown>;

export function asBody(v: unknown): Body {
  if (v === undefined || v === null || v === "") return {};
  if (typeof v !== "object" || Array.isArray(v)) throw new ValidationError("body", "must be a JSON object");
  return v as Body;
}

export function reqString(b: Body, field: string, max = 256): string {
  const v = b[field];
  if (typeof v !== "string" || !v.trim()) throw new ValidationError(field, "is required and must be a non-empty string");
  if (v.length > max) throw new ValidationError(field, `must be at most ${max} characters`);
  return v;
}

export function optString(b: Body, field: string, max = 256): string | null | undefined {
  const v = b[field];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== "string") throw new ValidationError(field, "must be a string");
  if (v.length > max) throw new ValidationError(field, `must be at most ${max} characters`);
  return v;
}

const UID = /^[a-zA-Z0-9\-_.]{1,256}$/;
export function optUid(b: Body): string | null | undefined {
  const v = optString(b, "uid");
  if (v && !UID.test(v)) throw new ValidationError("uid", "may contain only letters, digits, '-', '_' and '.'");
  return v === "" ? null : v;
}

export function optBool(b: Body, field: string): boolean | undefined {
  const v = b[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw new ValidationError(field, "must be true or false");
  return v;
}

export function optInt(b: Body, field: string, min: number, max: number): number | null | undefined {
  const v = b[field];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) throw new ValidationError(field, `must be an integer from ${min} to ${max}`);
  return v;
}

export function stringMap(b: Body, field: string, maxEntries = 100): Record<string, string> | undefined {
  const v = b[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw new ValidationError(field, "must be an object of string values");
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length > maxEntries) throw new ValidationError(field, `may have at most ${maxEntries} entries`);
  for (const [k, val] of entries) if (typeof val !== "string") throw new ValidationError(`${field}.${k}`, "must be a string");
  return v as Record<string, string>;
}

export function pageQuery(q: Record<string, string | undefined>, defaultOrder: PageQuery["order"] = "ascending"): PageQuery {
  const limit = q.limit === undefined ? 50 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 250) throw new ValidationError("limit", "must be an integer from 1 to 250", "query");
  const order = (q.order ?? defaultOrder) as PageQuery["order"];
  if (order !== "ascending" && order !== "descending") throw new ValidationError("order", "must be ascending or descending", "query");
  return { limit, iterator: q.iterator || null, order };
}

/** Accepts ISO 8601 or epoch milliseconds. */
export function timeParam(v: string | undefined, field: string, loc: "query" | "body" = "query"): number | undefined {
  if (v === undefined || v === "") return undefined;
  const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(ms)) throw new ValidationError(field, "must be an ISO 8601 time or epoch milliseconds", loc);
  return ms;
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** Maps store duplicate errors to Svix's 409 shape. */
export function conflictFrom(e: unknown): never {
  if (e instanceof DuplicateError) throw new ApiError(409, "conflict", e.message);
  throw e;
}
