// The public ingest URL: {base}/in/{token}[/any/sub/path], any method, any content type, no auth
// (the source's verifier decides). Reads the body within the limit, then hands over to the pipeline.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { createIngestPipeline } from "../../inbound/ingest-pipeline";
import { countRefused, inboundOf } from "../../inbound/service";
import { readBodyCapped } from "./body-reader";
import { clientIp } from "./client-ip";
import { jsonResponse } from "../errors";
import { bodyTooLarge } from "../limits";
import { pathOf, queryOf } from "../request-url";
import type { NativeHandler } from "../native-routes";

type Server = { requestIP(r: Request): { address: string } | null } | null;

/** The ingest URL's handler, for the Elysia route and the native one. */
function ingestHandler(ctx: AppContext) {
  const svc = inboundOf(ctx);
  const ingest = createIngestPipeline(ctx);
  const limit = ctx.config.ingestMaxBody;

  return async (request: Request, server: Server, token: string): Promise<Response> => {
    const source = svc.sources.byIngestToken(token);
    if (!source) {
      countRefused(svc, "unknown", "not_found");
      return jsonResponse(404, { code: "not_found", detail: "No source has this ingest URL (was its token rotated?)" });
    }
    const read = await readBodyCapped(request, limit);
    if (!read.ok) {
      countRefused(svc, source.type, read.reason === "too_large" ? "too_large" : "bad_request");
      if (read.reason === "too_large") return bodyTooLarge(limit, "--ingest-max-body");
      return jsonResponse(400, { code: "bad_request", detail: "The request body could not be read" });
    }
    const pathname = pathOf(request.url);
    const prefix = `/in/${token}`;
    const rest = pathname.startsWith(prefix) ? pathname.slice(prefix.length) : "";
    let peer: string | null = null;
    try { peer = server?.requestIP(request)?.address ?? null; } catch { peer = null; }
    const answer = await ingest(source, {
      method: request.method,
      fullPath: pathname,
      subPath: rest.startsWith("/") ? rest : "/" + rest,
      query: queryOf(request.url),
      headers: request.headers,
      body: read.body,
      ip: clientIp(peer, request.headers.get("x-forwarded-for"), ctx.config.trustedProxy),
    });
    // Storage refused the row (503), or a rejection could not be recorded: count it here instead.
    if (!answer.requestId && (answer.outcome === "unavailable" || answer.outcome === "rejected")) countRefused(svc, source.type, answer.outcome);
    const headers: Record<string, string> = { "content-type": answer.contentType };
    if (answer.requestId) headers["x-hookrelay-request-id"] = answer.requestId;
    if (answer.outcome === "unavailable") headers["retry-after"] = "5";
    return new Response(request.method === "HEAD" ? null : answer.body, { status: answer.status, headers });
  };
}

export function ingestRoute(ctx: AppContext) {
  const handle = ingestHandler(ctx);
  const route = ({ request, server, params }: { request: Request; server: Server; params: { token: string } }) => handle(request, server, params.token);
  return new Elysia()
    .all("/in/:token", route as any, { parse: "none" })
    .all("/in/:token/*", route as any, { parse: "none" });
}

/** The ingest URL as Bun serves it directly (registered in index.ts; native-routes.ts). */
export function nativeIngestRoute(ctx: AppContext): NativeHandler {
  const handle = ingestHandler(ctx);
  return (request, server) => handle(request, server, request.params.token);
}
