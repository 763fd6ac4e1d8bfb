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
import { requestLimits, limitErrorResponse } from "./limits";
import { bunRoutes, shutdownRefusal } from "./native-routes";

/** Route groups added by features (api resources, ingest, ui pages). Each gets the context. */
export type RouteModule = (ctx: AppContext) => Elysia<any, any, any, any, any, any, any>;
const modules: RouteModule[] = [];
export function registerRoutes(m: RouteModule) { modules.push(m); }

export function createHttpApp(ctx: AppContext, extra: RouteModule[] = []) {
  // Set once the app below exists: the native routes hand some requests back to it.
  const root: { fetch: (request: Request) => Response | Promise<Response> } = { fetch: () => new Response(null, { status: 503 }) };
  const app = new Elysia({
    serve: {
      maxRequestBodySize: Math.max(ctx.config.ingestMaxBody, ctx.config.maxPayload) + 1024 * 1024,
      // Elysia merges these over its own routes when it starts Bun's server.
      routes: bunRoutes(ctx, (error, request) => errorResponse(ctx, error, request), () => root.fetch) as never,
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
