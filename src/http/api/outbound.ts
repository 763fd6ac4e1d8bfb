/**
 * @module http/api/outbound — the Svix-compatible outbound API: applications, event types,
 * endpoints, messages, attempts, background tasks, polling endpoints and operational-webhook endpoints under /api/v1, plus the unauthenticated
 * /api/v1/health, /api/v1/openapi.json and /docs. Importing this module registers all of it.
 */
import { Elysia } from "elysia";
import { registerFeature } from "../../app";
import { registerRoutes } from "../server";
import { registerNativeRoute } from "../native-routes";
import { registerSelfCheckedBodies } from "../limits";
import { registerApiResource } from "./index";
import { outboundServices } from "./services";
import { applicationRoutes } from "./applications";
import { eventTypeRoutes } from "./event-types";
import { endpointRoutes } from "./endpoints";
import { endpointHeaderRoutes } from "./endpoint-headers";
import { endpointActionRoutes } from "./endpoint-actions";
import { messageRoutes, nativeMessageCreate } from "./messages";
import { messageAttemptRoutes } from "./message-attempts";
import { backgroundTaskRoutes } from "./background-tasks";
import { pollingEndpointRoutes } from "./polling-endpoints";
import { operationalEndpointRoutes } from "./operational-endpoints";
import { eventTypeImportRoutes } from "./event-type-import";
import { environmentRoutes } from "./environment";
import { statisticsRoutes } from "./statistics";
import { integrationRoutes } from "./integrations";
import { destinationRoutes } from "./destinations";
import { openApiRoutes } from "../ops/openapi";
import { docsPageRoutes } from "../ops/docs-page";

registerFeature((ctx) => {
  const svc = outboundServices(ctx);
  svc.tasks.failInterrupted(ctx.clock.now());
  // Expired Idempotency-Key rows are pruned by the retention job (src/ops/retention-job.ts).
  // Queued writes are committed before the database closes.
  ctx.onStop.push(async () => {
    await svc.tasks.stop();
    svc.writer.close();
  });
});

for (const r of [applicationRoutes, eventTypeImportRoutes, eventTypeRoutes, endpointRoutes, endpointHeaderRoutes, endpointActionRoutes, messageRoutes, messageAttemptRoutes, backgroundTaskRoutes, pollingEndpointRoutes, operationalEndpointRoutes, environmentRoutes, statisticsRoutes, integrationRoutes, destinationRoutes]) {
  registerApiResource(r);
}

// The hot path: message sends are served by Bun's router without Elysia's lifecycle (server.ts).
registerNativeRoute("POST", "/api/v1/app/:app_id/msg", nativeMessageCreate);

// Every body under these paths goes through route() (common.ts), which checks size and depth itself.
registerSelfCheckedBodies((path) => path.startsWith("/api/v1/app") || path.startsWith("/api/v1/event-type") || path.startsWith("/api/v1/operational-webhook") || path.startsWith("/api/v1/environment") || path.startsWith("/api/v1/stats"));

// Svix serves health without authentication; it only says the process answers.
registerRoutes(() => new Elysia().get("/api/v1/health", () => new Response(null, { status: 204 })));
registerRoutes(openApiRoutes);
registerRoutes(docsPageRoutes);
