// Endpoint actions beyond CRUD: signing secret (get, rotate), stats, send-example, and the
// recover / replay-missing / bulk-replay background tasks (Svix: endpoint.getSecret/rotateSecret/getStats/sendExample/recover/
// replayMissing/bulkReplay).
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import type { AppRow } from "../../store/applications";
import type { EndpointRow } from "../../store/endpoints";
import { generateSecret } from "../../signing/standard-webhooks";
import { ValidationError } from "../errors";
import { route, reply, findApp, findEndpoint, dateQuery, type Call } from "./common";
import { bodyObject, str, int, date, strList, type Obj } from "./validate";
import { messageOut, taskStarted } from "./serialize";
import type { ReplayFilter } from "../../store/redelivery";
import { newMessageId } from "../../store/messages";
import { secretOf } from "./endpoints";
import { DELIVERY_JOB } from "./services";

const NONE = { parse: "none" as const };

/** The example payload of an event type: its newest schema version's `examples[index]`. */
function examplePayload(schemas: Record<string, unknown> | null, index: number): unknown {
  if (!schemas) return undefined;
  const versions = Object.keys(schemas).sort((a, b) => Number(b) - Number(a) || b.localeCompare(a));
  for (const v of versions) {
    const examples = (schemas[v] as { examples?: unknown[] } | null)?.examples;
    if (Array.isArray(examples) && examples.length) {
      if (index >= examples.length) throw new ValidationError("exampleIndex", `the event type has ${examples.length} example(s)`);
      return examples[index];
    }
  }
  return undefined;
}

function windowOf(c: Call, o: Obj) {
  const since = date(o, "since", { required: true })!;
  // Without `until`, everything up to and including this instant.
  const until = date(o, "until") ?? c.now + 1;
  if (until <= since) throw new ValidationError("until", "must be after since");
  return { since, until };
}

/** Svix's MessageStatus numbers, as the delivery states they name. */
const REPLAY_STATUS: Record<number, string> = { 0: "success", 1: "pending", 2: "failed", 3: "sending" };
const CODE_CLASSES = [0, 100, 200, 300, 400, 500];

/** bulk-replay: every pair of this endpoint in the window that passes the filters, queued again. */
function startBulkReplay(ctx: AppContext, c: Call, app: AppRow, ep: EndpointRow, o: Obj) {
  const w = windowOf(c, o);
  const status = int(o, "status", { min: 0, max: 3 });
  const codeClass = int(o, "statusCodeClass");
  if (codeClass !== null && codeClass !== undefined && !CODE_CLASSES.includes(codeClass)) throw new ValidationError("statusCodeClass", `must be one of ${CODE_CLASSES.join(", ")}`);
  const eventTypes = strList(o, "eventTypes", { max: 256 }) ?? null;
  const filter: ReplayFilter = {
    statuses: status === null || status === undefined ? null : new Set([REPLAY_STATUS[status]]),
    statusCodeClass: codeClass ?? null,
    eventTypes: eventTypes ? new Set(eventTypes) : null,
    channel: str(o, "channel", { max: 128 }) ?? null,
    tag: str(o, "tag", { max: 128 }) ?? null,
  };
  const now = () => ctx.clock.now();
  const data = { appId: app.id, endpointId: ep.id, since: new Date(w.since).toISOString(), until: new Date(w.until).toISOString() };
  const task = c.svc.tasks.start("endpoint.bulk-replay", data, now, async (step) => {
    const tick = async () => { ctx.scheduler.wake(DELIVERY_JOB); await step(); };
    const requeued = await c.svc.redelivery.replayMatching(ep.id, w, filter, now, tick);
    ctx.scheduler.wake(DELIVERY_JOB);
    return { requeued, total: requeued };
  });
  return reply(202, taskStarted(task));
}

function startRedelivery(ctx: AppContext, c: Call, app: AppRow, ep: EndpointRow, kind: "endpoint.recover" | "endpoint.replay", o: Obj) {
  const w = windowOf(c, o);
  const fan = c.svc.endpointCache.get(app.id).find((e) => e.id === ep.id)!;
  const now = () => ctx.clock.now();
  const data = { appId: app.id, endpointId: ep.id, since: new Date(w.since).toISOString(), until: new Date(w.until).toISOString() };
  const task = c.svc.tasks.start(kind, data, now, async (step) => {
    const tick = async () => { ctx.scheduler.wake(DELIVERY_JOB); await step(); };
    let requeued = 0;
    let queued = 0;
    if (kind === "endpoint.recover") {
      requeued = await c.svc.redelivery.requeueFailed(ep.id, w, now, tick);
      // Messages that arrived while the endpoint existed but was disabled were never queued for it.
      queued = await c.svc.redelivery.queueMissing(app.id, fan, { since: Math.max(w.since, ep.createdAt), until: w.until }, now, tick);
    } else {
      queued = await c.svc.redelivery.queueMissing(app.id, fan, w, now, tick);
    }
    ctx.scheduler.wake(DELIVERY_JOB);
    return { requeued, queued, total: requeued + queued };
  });
  return reply(202, taskStarted(task));
}

export function endpointActionRoutes(ctx: AppContext) {
  const base = "/app/:app_id/endpoint/:endpoint_id";
  return new Elysia()
    .get(`${base}/secret`, route(ctx, (c) => reply(200, { key: c.svc.endpoints.secret(findEndpoint(c, findApp(c).id)) })))
    .post(`${base}/secret/rotate`, route(ctx, (c) => {
      const ep = findEndpoint(c, findApp(c).id);
      const o = c.body === undefined ? {} : bodyObject(c.body);
      const key = secretOf(o, "key");
      const grace = int(o, "gracePeriodSeconds", { min: 0, max: 7 * 86400 });
      c.svc.endpoints.rotate(ep, key ?? generateSecret(), grace === null || grace === undefined ? ctx.config.secretRotationGrace : grace * 1000, c.now);
      return reply(204);
    }), NONE)
    .get(`${base}/stats`, route(ctx, (c) => {
      const ep = findEndpoint(c, findApp(c).id);
      return reply(200, { ...c.svc.attempts.endpointStats(ep.id, dateQuery(c.query, "since"), dateQuery(c.query, "until")), canceled: 0 });
    }))
    .post(`${base}/send-example`, route(ctx, async (c) => {
      const app = findApp(c);
      const ep = findEndpoint(c, app.id);
      const o = bodyObject(c.body);
      const eventType = str(o, "eventType", { required: true, max: 256 })!;
      const et = c.svc.eventTypes.get(eventType);
      if (!et) throw new ValidationError("eventType", `unknown event type "${eventType}"`);
      const example = examplePayload(et.schemas, int(o, "exampleIndex", { min: 0 }) ?? 0);
      const payload = JSON.stringify(example ?? { eventType, example: true });
      const m = { appId: app.id, eventType, eventId: null, channels: null, tags: null, payload, deliverAt: null, payloadExpiresAt: null };
      const id = newMessageId(c.now);
      await c.svc.messages.create(id, m, c.now, { only: ep.id });
      return reply(202, messageOut({ id, ...m, createdAt: c.now }));
    }), NONE)
    .post(`${base}/recover`, route(ctx, (c) => {
      const app = findApp(c);
      return startRedelivery(ctx, c, app, findEndpoint(c, app.id), "endpoint.recover", bodyObject(c.body));
    }), NONE)
    .post(`${base}/replay-missing`, route(ctx, (c) => {
      const app = findApp(c);
      return startRedelivery(ctx, c, app, findEndpoint(c, app.id), "endpoint.replay", bodyObject(c.body));
    }), NONE)
    .post(`${base}/bulk-replay`, route(ctx, (c) => {
      const app = findApp(c);
      return startBulkReplay(ctx, c, app, findEndpoint(c, app.id), bodyObject(c.body));
    }), NONE);
}
