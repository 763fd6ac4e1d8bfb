// Endpoint actions beyond editing: reveal and rotate the signing secret (admins; both audit-logged),
// send a test event, and recover failed deliveries since a time (a background task, as the API's).
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { outboundServices } from "../api/services";
import { generateSecret } from "../../signing/standard-webhooks";
import { newMessageId } from "../../store/messages";
import { SecretSlot } from "../../../views/pages/endpoint";
import { uiSession } from "./session";
import { uiRoute, page, notFoundPage, redirectWithFlash, parseUiTime } from "./ui-route";
import { endpointPath, findEndpoint } from "./endpoint-pages";
import { EVENT_TYPE_NAME } from "../api/event-types";

const DELIVERY_JOB = "deliveries";

/** An event type's example payload: its newest schema version's first `examples` entry. */
function examplePayload(schemas: Record<string, unknown> | null): unknown {
  if (!schemas) return undefined;
  for (const v of Object.keys(schemas).sort((a, b) => Number(b) - Number(a))) {
    const examples = (schemas[v] as { examples?: unknown[] } | null)?.examples;
    if (Array.isArray(examples) && examples.length) return examples[0];
  }
  return undefined;
}

export function endpointActions(ctx: AppContext) {
  const svc = outboundServices(ctx);
  return new Elysia()
    .use(uiSession(ctx))
    .post("/applications/:appId/endpoints/:epId/secret/reveal", uiRoute(ctx, (c) => {
      const f = findEndpoint(ctx, c);
      if (!f) return notFoundPage(c, "endpoint");
      c.audit("endpoint.secret.reveal", f.ep.id, { appId: f.app.id });
      return page(<SecretSlot base={endpointPath(f.app.id, f.ep.id)} csrfToken={c.csrfToken} admin secret={svc.endpoints.secret(f.ep)} />);
    }, { admin: true }))
    .post("/applications/:appId/endpoints/:epId/secret/rotate", uiRoute(ctx, (c) => {
      const f = findEndpoint(ctx, c);
      if (!f) return notFoundPage(c, "endpoint");
      svc.endpoints.rotate(f.ep, generateSecret(), ctx.config.secretRotationGrace, c.now);
      c.audit("endpoint.secret.rotate", f.ep.id, { appId: f.app.id });
      const hours = Math.round(ctx.config.secretRotationGrace / 3_600_000);
      return redirectWithFlash(ctx, c.request, endpointPath(f.app.id, f.ep.id),
        { kind: "success", message: `Secret rotated. The old one keeps signing for ${hours} h, so receivers can switch over.` });
    }, { admin: true }))
    .post("/applications/:appId/endpoints/:epId/test", uiRoute(ctx, async (c) => {
      const f = findEndpoint(ctx, c);
      if (!f) return notFoundPage(c, "endpoint");
      const eventType = c.form.str("event_type").trim();
      // Any event type a message may carry: the catalogue only supplies example payloads.
      if (!eventType || eventType.length > EVENT_TYPE_NAME.max || !EVENT_TYPE_NAME.pattern.test(eventType)) {
        return redirectWithFlash(ctx, c.request, endpointPath(f.app.id, f.ep.id), { kind: "error", message: "An event type uses letters, digits, '.', '-' and '_' (at most 256), e.g. hookrelay.test." });
      }
      const et = svc.eventTypes.get(eventType);
      const payload = JSON.stringify(examplePayload(et?.schemas ?? null) ?? { eventType, test: true, sentAt: new Date(c.now).toISOString() });
      const id = newMessageId(c.now);
      await svc.messages.create(id, { appId: f.app.id, eventType, eventId: null, channels: null, tags: null, payload, deliverAt: null, payloadExpiresAt: null }, c.now, { only: f.ep.id });
      return redirectWithFlash(ctx, c.request, `/messages/${encodeURIComponent(id)}`, f.ep.disabled
        ? { kind: "warning", message: "Test message stored, but the endpoint is disabled: enable it to deliver." }
        : { kind: "success", message: "Test event queued. Its attempt appears below as soon as it is made." });
    }))
    .post("/applications/:appId/endpoints/:epId/recover", uiRoute(ctx, (c) => {
      const f = findEndpoint(ctx, c);
      if (!f) return notFoundPage(c, "endpoint");
      const since = parseUiTime(c.form.str("since"));
      const back = endpointPath(f.app.id, f.ep.id);
      if (since === null || since >= c.now) {
        return redirectWithFlash(ctx, c.request, back, { kind: "error", message: "Recover needs a start time in the past, like 2026-11-01T09:00 (UTC)." });
      }
      const fan = svc.endpointCache.get(f.app.id).find((e) => e.id === f.ep.id);
      const now = () => ctx.clock.now();
      const w = { since, until: c.now + 1 };
      const task = svc.tasks.start("endpoint.recover", { appId: f.app.id, endpointId: f.ep.id, since: new Date(since).toISOString(), until: new Date(w.until).toISOString() }, now, async (step) => {
        const tick = async () => { ctx.scheduler.wake(DELIVERY_JOB); await step(); };
        const requeued = await svc.redelivery.requeueFailed(f.ep.id, w, now, tick);
        // Messages that arrived while the endpoint was disabled were never queued for it.
        const queued = fan ? await svc.redelivery.queueMissing(f.app.id, fan, { since: Math.max(since, f.ep.createdAt), until: w.until }, now, tick) : 0;
        ctx.scheduler.wake(DELIVERY_JOB);
        return { requeued, queued, total: requeued + queued };
      });
      c.audit("endpoint.recover", f.ep.id, { appId: f.app.id, since: new Date(since).toISOString(), task: task.id });
      return redirectWithFlash(ctx, c.request, back, { kind: "success", message: `Recovering failed deliveries since ${new Date(since).toISOString().slice(0, 16).replace("T", " ")} UTC (task ${task.id}). Attempts appear below.` });
    }));
}
