/**
 * @module http/ingest — everything inbound over HTTP. Public, unauthenticated: the ingest URL
 * (/in/{token}/...) and the SSE stream URL (/in/stream/{token}); both are capability URLs. Behind the
 * bearer token: the Svix Ingest-compatible source API and hookrelay's extensions under /ingest/api/v1
 * (endpoints, request log, replay, polling, listeners).
 */
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { registerRoutes } from "../server";
import { registerFeature } from "../../app";
import { onDeliveryEvent } from "../../delivery";
import { inboundOf } from "../../inbound/service";
import { bearerAuth } from "../api/auth";
import { auditApiWrites } from "../api/audit-writes";
import { unauthorized } from "../errors";
import { ingestRoute, nativeIngestRoute } from "./ingest-route";
import { registerNativeRoute } from "../native-routes";
import { streamRoute } from "./stream-route";
import { sourcesApi } from "./sources-api";
import { sourceEndpointsApi } from "./source-endpoints-api";
import { requestsApi } from "./requests-api";
import { listenersApi } from "./listeners-api";

export function ingestRoutes(ctx: AppContext) {
  const api = new Elysia({ prefix: "/ingest/api/v1" })
    .use(bearerAuth(ctx))
    // Successful admin writes are audited like the outbound API's (src/http/api/audit-writes.ts).
    .use(auditApiWrites(ctx))
    .use(sourcesApi(ctx))
    .use(sourceEndpointsApi(ctx))
    .use(requestsApi(ctx))
    .use(listenersApi(ctx))
    // Unknown paths still demand a token first, so probing reveals nothing.
    .all("/*", ({ headers }) => {
      if (!headers["authorization"]) throw unauthorized();
      return new Response(JSON.stringify({ code: "not_found", detail: "No such ingest API route" }), { status: 404, headers: { "content-type": "application/json" } });
    });
  return new Elysia().use(streamRoute(ctx)).use(ingestRoute(ctx)).use(api);
}

registerRoutes(ingestRoutes);
// The ingest URL, any method and sub-path, is served by Bun's router without Elysia's lifecycle.
registerNativeRoute("ALL", "/in/:token", nativeIngestRoute, { subPaths: true });

// An endpoint the engine disables stops receiving new captures at once, not when the in-memory
// fan-out expires (src/inbound/fanout-cache.ts).
registerFeature((ctx) => {
  if (!ctx.services.delivery) return;
  onDeliveryEvent(ctx, (e) => { if (e.type === "endpoint.disabled" && e.sourceId) inboundOf(ctx).endpoints.forgetFanout(e.sourceId); });
});
