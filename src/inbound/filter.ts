// Per-endpoint filters on a captured request: a JSON "schema" matched against { headers, query, path, body },
// in the style of Hookdeck's filters. A plain value means equality (or "contains" against an array), a nested
// object means "these keys match", and $-operators compare. Header names are case-insensitive.
import { jsonTextDepth } from "../lib/json-depth";

export type Filter = Record<string, unknown>;

export interface FilterInput {
  headers: Record<string, string>;
  query: Record<string, string | string[]>;
  path: string;
  body: unknown;
}

const OPERATORS = new Set([
  "$eq", "$neq", "$in", "$nin", "$exist", "$gt", "$gte", "$lt", "$lte", "$startsWith", "$endsWith", "$and", "$or", "$not",
]);
const TOP_LEVEL = new Set(["headers", "query", "path", "body", "$and", "$or", "$not"]);
const MAX_DEPTH = 32;
const MAX_SIZE = 64 * 1024;

export type FilterCheck = { ok: true; filter: Filter } | { ok: false; path: string; message: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Checks operators and shapes once at save time, so matching never meets a malformed filter. */
export function validateFilter(input: unknown): FilterCheck {
  if (!isObject(input)) return { ok: false, path: "filter", message: "must be a JSON object" };
  if (JSON.stringify(input).length > MAX_SIZE) return { ok: false, path: "filter", message: `must be at most ${MAX_SIZE} bytes of JSON` };
  for (const key of Object.keys(input)) {
    if (!TOP_LEVEL.has(key)) return { ok: false, path: `filter.${key}`, message: "top-level keys must be headers, query, path, body, $and, $or or $not" };
  }
  const problem = checkSchema(input, "filter", 0);
  if (problem) return { ok: false, ...problem };
  return { ok: true, filter: lowercaseHeaderKeys(input) as Filter };
}

function checkSchema(schema: unknown, path: string, depth: number): { path: string; message: string } | null {
  if (depth > MAX_DEPTH) return { path, message: `nests deeper than ${MAX_DEPTH} levels` };
  if (Array.isArray(schema)) {
    for (let i = 0; i < schema.length; i++) { const p = checkSchema(schema[i], `${path}.${i}`, depth + 1); if (p) return p; }
    return null;
  }
  if (!isObject(schema)) return null;
  for (const [key, value] of Object.entries(schema)) {
    const at = `${path}.${key}`;
    if (!key.startsWith("$")) { const p = checkSchema(value, at, depth + 1); if (p) return p; continue; }
    if (!OPERATORS.has(key)) return { path: at, message: `unknown operator ${key}` };
    const p = checkOperand(key, value, at, depth);
    if (p) return p;
  }
  return null;
}

function checkOperand(op: string, value: unknown, at: string, depth: number): { path: string; message: string } | null {
  switch (op) {
    case "$and": case "$or":
      if (!Array.isArray(value) || !value.length) return { path: at, message: "must be a non-empty array of filters" };
      return checkSchema(value, at, depth + 1);
    case "$not": return checkSchema(value, at, depth + 1);
    case "$in": case "$nin":
      if (!Array.isArray(value) && typeof value !== "string") return { path: at, message: "must be an array (or a string to search in)" };
      return null;
    case "$exist":
      return typeof value === "boolean" ? null : { path: at, message: "must be true or false" };
    case "$gt": case "$gte": case "$lt": case "$lte":
      return typeof value === "number" || typeof value === "string" ? null : { path: at, message: "must be a number or a string" };
    case "$startsWith": case "$endsWith": {
      const ok = typeof value === "string" || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string"));
      return ok ? null : { path: at, message: "must be a string or an array of strings" };
    }
    default: return null; // $eq, $neq take any JSON value
  }
}

function lowercaseHeaderKeys(filter: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filter)) {
    if (k === "headers" && isObject(v)) out[k] = lowerKeys(v);
    else if ((k === "$and" || k === "$or") && Array.isArray(v)) out[k] = v.map((x) => (isObject(x) ? lowercaseHeaderKeys(x) : x));
    else if (k === "$not" && isObject(v)) out[k] = lowercaseHeaderKeys(v);
    else out[k] = v;
  }
  return out;
}

function lowerKeys(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if ((k === "$and" || k === "$or") && Array.isArray(v)) out[k] = v.map((x) => (isObject(x) ? lowerKeys(x) : x));
    else if (k === "$not" && isObject(v)) out[k] = lowerKeys(v);
    else out[k.startsWith("$") ? k : k.toLowerCase()] = v;
  }
  return out;
}

/** True when the request matches; a filter that was validated never throws here. */
export function matchFilter(filter: Filter, input: FilterInput): boolean {
  return match(filter, input as unknown);
}

function match(schema: unknown, value: unknown): boolean {
  if (Array.isArray(schema)) {
    if (!Array.isArray(value)) return false;
    return schema.every((s) => value.some((v) => match(s, v)));
  }
  if (!isObject(schema)) {
    if (Array.isArray(value)) return value.some((v) => looseEqual(schema, v));
    return looseEqual(schema, value);
  }
  for (const [key, operand] of Object.entries(schema)) {
    if (key.startsWith("$")) { if (!applyOperator(key, operand, value)) return false; continue; }
    const child = isObject(value) ? value[key] : undefined;
    if (child === undefined) { if (!matchesMissing(operand)) return false; continue; }
    if (!match(operand, child)) return false;
  }
  return true;
}

/** A missing key satisfies only negative conditions ({$exist:false}, $neq, $nin, $not of something). */
function matchesMissing(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  const entries = Object.entries(schema);
  if (!entries.length) return false;
  return entries.every(([k, v]) => k.startsWith("$") && applyOperator(k, v, undefined));
}

function applyOperator(op: string, operand: unknown, value: unknown): boolean {
  switch (op) {
    case "$eq": return value !== undefined && match(operand, value);
    case "$neq": return value === undefined || !match(operand, value);
    case "$in": return value !== undefined && isIn(operand, value);
    case "$nin": return value === undefined || !isIn(operand, value);
    case "$exist": return (value !== undefined && value !== null) === operand;
    case "$gt": return compare(value, operand, (c) => c > 0);
    case "$gte": return compare(value, operand, (c) => c >= 0);
    case "$lt": return compare(value, operand, (c) => c < 0);
    case "$lte": return compare(value, operand, (c) => c <= 0);
    case "$startsWith": return typeof value === "string" && strings(operand).some((s) => value.startsWith(s));
    case "$endsWith": return typeof value === "string" && strings(operand).some((s) => value.endsWith(s));
    case "$and": return (operand as unknown[]).every((s) => matchOrMissing(s, value));
    case "$or": return (operand as unknown[]).some((s) => matchOrMissing(s, value));
    case "$not": return !matchOrMissing(operand, value);
    default: return false;
  }
}

const matchOrMissing = (schema: unknown, value: unknown) => (value === undefined ? matchesMissing(schema) : match(schema, value));
const strings = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : [v as string]);

function isIn(operand: unknown, value: unknown): boolean {
  if (typeof operand === "string") {
    if (typeof value === "string") return value.includes(operand);
    return Array.isArray(value) && value.some((v) => looseEqual(operand, v));
  }
  const list = operand as unknown[];
  if (Array.isArray(value)) return value.some((v) => list.some((o) => looseEqual(o, v)));
  return list.some((o) => looseEqual(o, value));
}

/** Headers and query values are strings, so 10 matches "10" and true matches "true". */
function looseEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof b === "string" && (typeof a === "number" || typeof a === "boolean")) return String(a) === b;
  if (typeof a === "string" && (typeof b === "number" || typeof b === "boolean")) return String(b) === a;
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

function compare(value: unknown, operand: unknown, ok: (c: number) => boolean): boolean {
  if (value === undefined || value === null) return false;
  if (typeof operand === "number") {
    const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
    return Number.isFinite(n) && ok(n - operand);
  }
  if (typeof operand === "string" && typeof value === "string") return ok(value < operand ? -1 : value > operand ? 1 : 0);
  return false;
}

/** Builds the filter input from a captured request and its parsed body (see parseBody). */
export function filterInputOf(req: { headers: [string, string][]; query: string; path: string }, body: unknown): FilterInput {
  const headers: Record<string, string> = {};
  for (const [k, v] of req.headers) headers[k.toLowerCase()] = v;
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(req.query)) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return { headers, query, path: req.path, body };
}

const decoder = new TextDecoder("utf-8", { fatal: false });
/** Far beyond any real provider payload, far below what recursion in JSON.stringify survives. */
const MAX_PARSED_DEPTH = 512;

/** JSON when it parses as JSON (whatever the content type claims), else the text, else undefined when empty. */
export function parseBody(body: Uint8Array, _contentType: string): unknown {
  if (!body.length) return undefined;
  const text = decoder.decode(body);
  const first = text.trimStart()[0];
  if (first === "{" || first === "[" || first === '"') {
    // Deeper nesting stays text: filters, dedupe and the stream serialize parsed bodies recursively,
    // and a hostile body must not overflow the stack (a 500 before commit). (security hook)
    if (jsonTextDepth(text, MAX_PARSED_DEPTH) > MAX_PARSED_DEPTH) return text;
    try { return JSON.parse(text); } catch { /* not JSON after all */ }
  }
  return text;
}
