// The shared shape of every outbound API route: read and size-check the JSON body (after auth,
// hence `parse: "none"` on the routes), apply Idempotency-Key on POSTs, map store errors to HTTP.
import type { AppContext } from "../../app-context";
import { ApiError, ValidationError, notFound, conflict } from "../errors";
import { DuplicateError, MissingError } from "../../store/store-errors";
import type { PageQuery, Ordering } from "../../store/pagination";
import { jsonTextDepth } from "../../lib/json-depth";
import { ENVELOPE_BYTES } from "../limits";
import { queryOf } from "../request-url";
import { outboundServices, type OutboundServices } from "./services";
import { beginIdempotent, fingerprint, type IdempotentCall } from "./idempotency";

export interface Reply { status: number; body?: unknown; /** Pre-serialized body (the hot path serializes once). */ text?: string }
export const reply = (status: number, body?: unknown): Reply => ({ status, body });

export interface Call {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** The body as the client sent it ("" without one): raw member text survives, e.g. a message payload. */
  text: string;
  headers: Headers;
  request: Request;
  now: number;
  svc: OutboundServices;
  ctx: AppContext;
  /** Present on POSTs that carried an Idempotency-Key. */
  idem: IdempotentCall | null;
}

/** Room for the envelope around a max-size payload (eventType, channels, tags, …). */
const ENVELOPE = ENVELOPE_BYTES;

const JSON_HEADERS = { "content-type": "application/json" };
/** The same header as a Headers object, which a Response copies in a third of the time an object takes. */
const JSON_HEADER_LIST = new Headers(JSON_HEADERS);

/**
 * Reads the JSON body once, refusing it past the size limit (413) and past --max-json-depth (422,
 * the same answer the request-limits plugin gives; these routes are registered as self-checking so
 * the plugin does not copy every body first).
 */
async function readBody(request: Request, limit: number, maxDepth: number): Promise<{ text: string; value: unknown }> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  const tooBig = () => new ApiError(413, "payload_too_large", `Request body exceeds the limit of ${limit} bytes (--max-payload plus 64 KiB for the envelope)`);
  if (declared > limit) throw tooBig();
  const text = await request.text();
  // UTF-8 never has fewer bytes than UTF-16 units, so the byte count is only needed near the limit.
  if (text.length > limit || (text.length * 3 > limit && Buffer.byteLength(text) > limit)) throw tooBig();
  if (text.trim() === "") return { text, value: undefined };
  if (jsonTextDepth(text, maxDepth) > maxDepth) {
    throw new ApiError(422, "json_too_deep", `JSON body nests deeper than the limit of ${maxDepth} levels (--max-json-depth)`);
  }
  try {
    return { text, value: JSON.parse(text) };
  } catch {
    throw new ApiError(400, "invalid_json", "Request body is not valid JSON");
  }
}

type Handler = (c: Call) => Reply | Promise<Reply>;

/** Wraps a handler as an Elysia route function. */
export function route(ctx: AppContext, handler: Handler) {
  const svc = outboundServices(ctx);
  const limit = ctx.config.maxPayload + ENVELOPE;
  const maxDepth = ctx.config.maxJsonDepth;
  return async ({ request, params }: { request: Request; params: Record<string, string> }): Promise<Response> => {
    const hasBody = request.method !== "GET" && request.method !== "DELETE";
    const { text, value } = hasBody ? await readBody(request, limit, maxDepth) : { text: "", value: undefined };
    const now = ctx.clock.now();
    const key = request.method === "POST" ? request.headers.get("idempotency-key") : null;
    let idem: IdempotentCall | null = null;
    if (key) {
      // The URL parse only here: fingerprints are stored, so they stay computed exactly as before.
      const url = new URL(request.url);
      const r = beginIdempotent(svc.idempotency, svc.inFlight, key, fingerprint(request.method, url.pathname + url.search, text), now);
      if (!("key" in r)) return new Response(r.body || null, { status: r.status, headers: { ...JSON_HEADERS, "idempotent-replayed": "true" } });
      idem = r;
    }
    try {
      const out = await handler({ params: decodeParams(params), query: new URLSearchParams(queryOf(request.url)), body: value, text, headers: request.headers, request, now, svc, ctx, idem });
      const bodyText = out.text ?? (out.body === undefined ? "" : JSON.stringify(out.body));
      if (idem && !idem.saved && out.status < 300) idem.saveNow(out.status, bodyText, now);
      return new Response(bodyText || null, { status: out.status, headers: JSON_HEADER_LIST });
    } catch (e) {
      throw mapStoreError(e);
    } finally {
      if (idem) svc.inFlight.release(idem.key);
    }
  };
}

function decodeParams(p: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(p ?? {})) {
    const v = p[k];
    // Ids are plain ASCII: only an escaped value needs (and can fail) decoding.
    if (typeof v === "string" && !v.includes("%")) { out[k] = v; continue; }
    try { out[k] = decodeURIComponent(v); } catch { out[k] = v; }
  }
  return out;
}

export function mapStoreError(e: unknown): unknown {
  if (e instanceof DuplicateError) return conflict(e.message);
  if (e instanceof MissingError) return notFound(e.what);
  return e;
}

// ---- query parameters ----

export function pageQuery(q: URLSearchParams, defaultOrder: Ordering): PageQuery {
  const raw = q.get("limit");
  let limit = 50;
  if (raw !== null && raw !== "") {
    limit = Number(raw);
    if (!Number.isInteger(limit) || limit < 1) throw new ValidationError("limit", "must be a positive integer", "query");
    if (limit > 250) throw new ValidationError("limit", "must not exceed 250", "query");
  }
  const order = q.get("order") || defaultOrder;
  if (order !== "ascending" && order !== "descending") throw new ValidationError("order", 'must be "ascending" or "descending"', "query");
  return { limit, iterator: q.get("iterator") || null, order };
}

export function boolQuery(q: URLSearchParams, name: string, dflt: boolean): boolean {
  const v = q.get(name);
  if (v === null || v === "") return dflt;
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  throw new ValidationError(name, "expected true or false", "query");
}

export function dateQuery(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  const t = Date.parse(v);
  if (!Number.isFinite(t)) throw new ValidationError(name, "expected an RFC 3339 date-time", "query");
  return t;
}

export function intQuery(q: URLSearchParams, name: string, allowed?: number[]): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || (allowed && !allowed.includes(n))) {
    throw new ValidationError(name, allowed ? `must be one of ${allowed.join(", ")}` : "expected an integer", "query");
  }
  return n;
}

/** Repeated (`?event_types=a&event_types=b`) or comma-joined (the SDK's form) list parameters. */
export function listQuery(q: URLSearchParams, name: string): string[] | undefined {
  const all = q.getAll(name).flatMap((v) => v.split(",")).map((s) => s.trim()).filter(Boolean);
  return all.length ? all : undefined;
}

// ---- lookups ----

export function findApp(c: Call) {
  const app = c.svc.apps.get(c.params.app_id);
  if (!app) throw notFound("Application");
  return app;
}

export function findEndpoint(c: Call, appId: string) {
  const ep = c.svc.endpoints.get(appId, c.params.endpoint_id);
  if (!ep) throw notFound("Endpoint");
  return ep;
}

export function findMessage(c: Call, appId: string) {
  const m = c.svc.messages.get(appId, c.params.msg_id);
  if (!m) throw notFound("Message");
  return m;
}
