/**
 * @module http — the root Elysia app: mounts ops (root), api (/api/v1), ingest and ui, and maps every
 * error to the right status and shape. Nothing a client sends may produce a 500.
 */
import { Elysia, ValidationError as ElysiaValidationError } from "elysia";
import { html } from "@elysiajs/html";
import type { AppContext } from "../app-context";
import { ApiError, ValidationError, jsonResponse, validationBody } from "./errors";
import { healthRoutes } from "./ops/health";
import { assetRoutes } from "./ui/assets";
import { apiRoutes } from "./api";
import { requestLimits, limitErrorResponse, earlyRefusal } from "./limits";
import { pathOf } from "./request-url";

/** Route groups added by features (api resources, ingest, ui pages). Each gets the context. */
export type RouteModule = (ctx: AppContext) => Elysia<any, any, any, any, any, any, any>;
const modules: RouteModule[] = [];
export function registerRoutes(m: RouteModule) { modules.push(m); }

/** A request served by Bun's router directly; `params` are the path's named parts, decoded. */
export type NativeRequest = Request & { params: Record<string, string> };
export type NativeHandler = (request: NativeRequest) => Response | Promise<Response>;
interface NativeRoute { method: string; path: string; make: (ctx: AppContext) => NativeHandler }
const nativeRoutes: NativeRoute[] = [];

/**
 * A hot route that Bun's router serves without Elysia's per-request lifecycle (context object,
 * hook chain, response mapping): about 15–20 µs of CPU per request, a fifth of what a message
 * POST costs (docs/benchmarks.md). The handler gets exactly what Elysia's hooks would have done
 * first: the shutdown refusal, the header and declared-size limits, and the same error mapping;
 * it must do its own authentication. The same route must also exist in Elysia, which answers it
 * for `app.handle()` and for the path with a trailing slash when `path` has none.
 */
export function registerNativeRoute(method: string, path: string, make: (ctx: AppContext) => NativeHandler) {
  nativeRoutes.push({ method, path, make });
}

/** During shutdown a browser's EventSource (or smee-client) reconnects within seconds; accepting it would hold the drain. */
function shutdownRefusal(ctx: AppContext, request: Request): Response | undefined {
  if (ctx.stopping && (request.headers.get("accept") ?? "").includes("text/event-stream")) {
    return new Response("hookrelay is restarting; reconnect shortly", { status: 503, headers: { "retry-after": "5", "content-type": "text/plain; charset=utf-8" } });
  }
}

/**
 * Bun's routes for the registered native handlers. A path is served with and without a trailing
 * slash, like Elysia does: Bun matches neither for the other, and Elysia folds a `…/` key of
 * serve.routes into `…`, so the slashed form is a wildcard whose handler passes anything longer
 * than the bare slash on to Elysia (Bun prefers every exact or parameter route over it).
 */
function bunRoutes(ctx: AppContext, elysia: () => (request: Request) => Response | Promise<Response>) {
  const refuse = earlyRefusal(ctx);
  const routes: Record<string, Record<string, NativeHandler>> = {};
  for (const r of nativeRoutes) {
    const handle = r.make(ctx);
    const guarded: NativeHandler = async (request) => {
      try {
        return shutdownRefusal(ctx, request) ?? refuse(request) ?? await handle(request);
      } catch (error) {
        return errorResponse(ctx, error, request);
      }
    };
    const tail = `${r.path.slice(r.path.lastIndexOf("/"))}/`;
    const depth = slashes(r.path) + 1;
    const slashed: NativeHandler = (request) => {
      const path = pathOf(request.url);
      return path.endsWith(tail) && slashes(path) === depth ? guarded(request) : elysia()(request);
    };
    (routes[r.path] ??= {})[r.method] = guarded;
    (routes[`${r.path}/*`] ??= {})[r.method] = slashed;
  }
  return routes;
}

function slashes(path: string): number {
  let n = 0;
  for (let i = path.indexOf("/"); i >= 0; i = path.indexOf("/", i + 1)) n++;
  return n;
}

export function createHttpApp(ctx: AppContext, extra: RouteModule[] = []) {
  // Set once the app below exists: the native routes hand some requests back to it.
  const root: { fetch: (request: Request) => Response | Promise<Response> } = { fetch: () => new Response(null, { status: 503 }) };
  const app = new Elysia({
    serve: {
      maxRequestBodySize: Math.max(ctx.config.ingestMaxBody, ctx.config.maxPayload) + 1024 * 1024,
      // Elysia merges these over its own routes when it starts Bun's server.
      routes: bunRoutes(ctx, () => root.fetch) as never,
    },
  })
    .onError(({ code, error, request, set }) => mapError(ctx, code, error, request, set))
    .onRequest(({ request }) => shutdownRefusal(ctx, request))
    // Header count, body size and JSON depth limits (src/http/limits.ts) run before every route.
    .use(requestLimits(ctx))
    .use(healthRoutes(ctx))
    .use(assetRoutes())
    .use(apiRoutes(ctx))
    // The html plugin (JSX answers become text/html) after the JSON API: Elysia applies a hook only
    // to routes added after it, so /api/v1 does not pay its per-request derive and response check.
    .use(html({ contentType: "text/html; charset=utf-8" }));
  for (const m of [...modules, ...extra]) app.use(m(ctx));
  root.fetch = (request) => app.fetch(request);
  return app;
}

/** The answer mapError gives a thrown error, for handlers outside Elysia. */
function errorResponse(ctx: AppContext, error: unknown, request: Request): Response {
  return mapError(ctx, "UNKNOWN", error, request, { headers: {} })
    ?? jsonResponse(500, { code: "internal", detail: "Internal server error" });
}

function wantsHtml(request: Request): boolean {
  const path = new URL(request.url).pathname;
  if (path.startsWith("/api/") || path.startsWith("/ingest/") || path.startsWith("/in/")) return false;
  return (request.headers.get("accept") ?? "").includes("text/html") || request.headers.has("hx-request");
}

function mapError(ctx: AppContext, code: string | number, error: unknown, request: Request, set: { status?: number | string; headers: Record<string, any> }) {
  if (error instanceof ApiError) {
    return jsonResponse(error.status, { code: error.code, detail: error.detail }, error.headers);
  }
  if (error instanceof ValidationError) {
    return jsonResponse(422, validationBody([{ loc: [error.location, ...error.field.split(".")], msg: error.msg }]));
  }
  if (error instanceof ElysiaValidationError || code === "VALIDATION") {
    const v = error as ElysiaValidationError;
    let errors: { loc: string[]; msg: string }[] = [];
    try {
      errors = v.all.map((e: any) => ({ loc: [v.type === "body" ? "body" : v.type, ...String(e.path ?? "").split("/").filter(Boolean)], msg: e.summary ?? e.message }));
    } catch { errors = [{ loc: [String(v.type ?? "body")], msg: "invalid input" }]; }
    return jsonResponse(422, validationBody(errors.length ? errors : [{ loc: ["body"], msg: "invalid input" }]));
  }
  if (code === "PARSE") return jsonResponse(400, { code: "invalid_json", detail: "Request body is not valid JSON" });
  if (code === "NOT_FOUND") {
    if (wantsHtml(request)) return undefined; // the UI module renders its own 404 page
    return jsonResponse(404, { code: "not_found", detail: `No route for ${request.method} ${new URL(request.url).pathname}` });
  }
  if (code === "INVALID_COOKIE_SIGNATURE") return jsonResponse(400, { code: "bad_request", detail: "Invalid cookie" });
  // Elysia's own status errors (e.g. 413 from the server) carry a status.
  const status = (error as { status?: number })?.status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    return jsonResponse(status, { code: "bad_request", detail: (error as Error).message || "Bad request" });
  }
  // Bun's server-wide body cap (chunked uploads) surfaces as a plain Error: answer 413, not 500.
  const limited = limitErrorResponse(ctx, error, request);
  if (limited) return limited;
  if (isDiskFull(error)) {
    return jsonResponse(503, { code: "storage_unavailable", detail: "Storage is full or unavailable; retry later" }, { "retry-after": "5" });
  }
  // Ingest and stream URLs carry their secret token in the path: never log it.
  const path = new URL(request.url).pathname.replace(/^\/in\/(stream\/)?[^/]+/, "/in/$1<token>");
  ctx.log.error("unhandled error", { method: request.method, path, error: error instanceof Error ? error.message : String(error) });
  return jsonResponse(500, { code: "internal", detail: "Internal server error" });
}

export function isDiskFull(error: unknown): boolean {
  const c = (error as { code?: string })?.code ?? "";
  return c === "SQLITE_FULL" || c === "SQLITE_IOERR" || c.startsWith("SQLITE_IOERR") || c === "SQLITE_BUSY";
}
