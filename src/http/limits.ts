/**
 * @module http/limits — request limits enforced before any route runs, each with a clear error
 * that names the limit and the option raising it: header count (431), body size (413) and JSON
 * nesting depth (422). Also the endpoints-per-app quota (409) the endpoint API checks.
 * Nothing here may turn hostile input into a 500: these answers replace Bun's bare 413/431 and
 * keep absurdly nested JSON away from handlers and anything that walks it recursively.
 */
import { Elysia } from "elysia";
import type { AppContext } from "../app-context";
import type { Config } from "../config/load";
import { ApiError, jsonResponse } from "./errors";
import { jsonTextDepth } from "../lib/json-depth";
import { countRefused, inboundOf } from "../inbound/service";
import { pathOf } from "./request-url";

export { jsonTextDepth };

/** Room for the message envelope (eventType, channels, tags…) around a max-payload payload. */
export const ENVELOPE_BYTES = 64 * 1024;

export interface RequestLimits {
  maxHeaders: number;
  /** Ingest URLs (`/in/…`, `/ingest/…`): the raw provider request. */
  ingestBody: number;
  /** Everything else: the API, UI forms. */
  otherBody: number;
  jsonDepth: number;
}

export function limitsOf(config: Config): RequestLimits {
  return {
    maxHeaders: config.maxRequestHeaders,
    ingestBody: config.ingestMaxBody,
    otherBody: config.maxPayload + ENVELOPE_BYTES,
    jsonDepth: config.maxJsonDepth,
  };
}

export const isIngestPath = (path: string) => path.startsWith("/in/") || path.startsWith("/ingest/");

/** A request to an ingest URL refused here, before its source is looked up: metrics count it as source_type "unknown". */
function countIngestRefusal(ctx: AppContext, path: string, result: "too_large" | "bad_request"): void {
  if (path.startsWith("/in/")) countRefused(inboundOf(ctx), "unknown", result);
}

export function bodyLimitFor(limits: RequestLimits, path: string): { limit: number; why: string } {
  return isIngestPath(path)
    ? { limit: limits.ingestBody, why: "--ingest-max-body" }
    : { limit: limits.otherBody, why: "--max-payload plus 64 KiB for the envelope" };
}

export function bodyTooLarge(limit: number, why: string): Response {
  return jsonResponse(413, { code: "payload_too_large", detail: `Request body exceeds the limit of ${limit} bytes (${why})` });
}

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Paths whose handlers read their JSON body themselves and refuse it past the same size (413) and
 * depth (422 json_too_deep) limits: the outbound API's hot path, spared a copy of every body.
 */
const selfChecking: ((path: string) => boolean)[] = [];
export function registerSelfCheckedBodies(owns: (path: string) => boolean): void { selfChecking.push(owns); }

const isJson = (type: string | null) => !!type && /^application\/([\w.+-]+\+)?json\b/i.test(type.trim());

/** Reads at most limit+1 bytes of a stream: the text, or null when it held more than `limit`. */
async function readUpTo(stream: ReadableStream<Uint8Array>, limit: number): Promise<string | null> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      n += value?.byteLength ?? 0;
      if (n > limit) return null;
      if (value) chunks.push(value);
    }
  } catch {
    return ""; // a broken upload fails later in the parser with its own 400
  } finally {
    reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The checks every request gets before its route: too many headers (431) and a declared body over
 * the path's limit (413), answered before authentication. Shared by the plugin below and the
 * routes Bun serves directly (native-routes.ts).
 */
export function earlyRefusal(ctx: AppContext): (request: Request) => Response | undefined {
  const limits = limitsOf(ctx.config);
  return (request) => {
    const headers = headerCount(request.headers);
    if (headers > limits.maxHeaders) {
      countIngestRefusal(ctx, pathOf(request.url), "bad_request");
      return jsonResponse(431, { code: "too_many_headers", detail: `Request has ${headers} headers; the limit is ${limits.maxHeaders} (--max-request-headers)` });
    }
    if (!BODY_METHODS.has(request.method)) return;
    const declared = request.headers.get("content-length");
    if (declared === null) return;
    const path = pathOf(request.url);
    const { limit, why } = bodyLimitFor(limits, path);
    if (Number(declared) > limit) {
      countIngestRefusal(ctx, path, "too_large");
      return bodyTooLarge(limit, why);
    }
  };
}

/**
 * The plugin createHttpApp mounts first. Everything happens in onRequest, on a copy of the body:
 * a hook that touched `body` after parsing would make Elysia parse (and consume) the raw bodies
 * that ingest handlers read themselves.
 */
export function requestLimits(ctx: AppContext) {
  const limits = limitsOf(ctx.config);
  const refuse = earlyRefusal(ctx);
  // Not async: most requests (every GET, every message POST) finish here without a promise; only
  // a body copy awaits.
  return new Elysia({ name: "request-limits" })
    .onRequest(({ request }) => {
      const refused = refuse(request);
      if (refused || !BODY_METHODS.has(request.method)) return refused;
      const path = pathOf(request.url);
      // Ingest handlers read their raw body with their own cap; a 25 MiB upload is not copied.
      // Routes registered as self-checking read the body once and apply the same size and depth checks.
      // `request.body` last: the getter creates a stream (about 2 µs, and a slower read after it).
      if (isIngestPath(path) || selfChecking.some((owns) => owns(path)) || !request.body) return;
      const { limit, why } = bodyLimitFor(limits, path);
      const json = isJson(request.headers.get("content-type"));
      // A chunked upload has no length to check up front: measure a copy (API/UI limits are small).
      if (request.headers.get("content-length") !== null && !json) return;
      return checkCopy(request, limit, why, json, limits.jsonDepth);
    });
}

async function checkCopy(request: Request, limit: number, why: string, json: boolean, maxDepth: number): Promise<Response | undefined> {
  const text = await readUpTo(request.clone().body!, limit);
  if (text === null) return bodyTooLarge(limit, why);
  if (json && jsonTextDepth(text, maxDepth) > maxDepth) {
    return jsonResponse(422, { code: "json_too_deep", detail: `JSON body nests deeper than the limit of ${maxDepth} levels (--max-json-depth)` });
  }
}

/** What `headers.forEach` would visit (set-cookie lines one by one, other repeats joined); Bun keeps the number. */
function headerCount(h: Headers): number {
  const n = (h as Headers & { count?: number }).count;
  if (typeof n === "number") return n;
  let c = 0;
  h.forEach(() => { c++; });
  return c;
}

/**
 * For the server's error mapper: Bun's own "body exceeded maxRequestBodySize" (a chunked upload
 * larger than the server-wide cap) arrives as a plain Error; it is the client's fault, not a 500.
 */
export function limitErrorResponse(ctx: AppContext, error: unknown, request: Request): Response | undefined {
  const msg = error instanceof Error ? error.message : "";
  if (!/maxRequestBodySize/i.test(msg)) return undefined;
  const path = pathOf(request.url);
  const { limit, why } = bodyLimitFor(limitsOf(ctx.config), path);
  countIngestRefusal(ctx, path, "too_large");
  return bodyTooLarge(limit, why);
}

/** Throws 409 when an app already has its maximum of endpoints. */
/** `what`: endpoints, or polling endpoints, which have the same limit and are counted apart. */
export function checkEndpointQuota(ctx: AppContext, existing: number, what = "endpoints"): void {
  const max = ctx.config.maxEndpointsPerApp;
  if (existing >= max) {
    throw new ApiError(409, "limit_reached", `This application already has ${existing} ${what}; the limit is ${max} (--max-endpoints-per-app)`);
  }
}
