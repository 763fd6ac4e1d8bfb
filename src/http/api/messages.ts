// /api/v1/app/{app_id}/msg — messages (Svix: message.create/list/get/expungeContent/bulkExpungeContent/precheck).
// Create is the hot path: validate by hand, serialize once, and let the group-commit writer store
// the message, its deliveries and the Idempotency-Key record in one shared transaction.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { newMessageId, type NewMessage } from "../../store/messages";
import { endpointWants } from "../../store/endpoint-cache";
import { notFound, tooLarge, ValidationError } from "../errors";
import { route, reply, pageQuery, boolQuery, dateQuery, listQuery, findApp, findMessage, type Call } from "./common";
import { bodyObject, has, str, nstr, int, date, strList, UID_RE, CHANNEL_RE, TAG_RE, type Obj } from "./validate";
import { messageOutJson, listOutJson, taskStarted } from "./serialize";
import { appFields } from "./applications";
import { jsonMemberText } from "../../lib/json-member";
import { tokenAuthenticator } from "./auth";
import type { NativeHandler } from "../native-routes";

const NONE = { parse: "none" as const };
const DAY = 86_400_000;
const NAME = { max: 256, pattern: UID_RE, patternMsg: "may only contain a-z, A-Z, 0-9, '-', '_' and '.'" };
// Built once: spreading NAME into fresh options on every message POST showed in its profile.
const EVENT_TYPE = { required: true, min: 1, ...NAME };
const EVENT_ID = { min: 1, ...NAME };
/** Messages one bulk-expunge call may name: one transaction, kept short. */
export const BULK_EXPUNGE_MAX = 1000;

/**
 * `rawPayload` is the payload's text as the client sent it (jsonMemberText): stored and delivered
 * byte for byte, so big integers, 1.10 and 1e2 arrive unchanged. Without it the value is serialized.
 */
export function parseMessage(o: Obj, appId: string, now: number, maxPayload: number, rawPayload?: string): NewMessage {
  const eventType = str(o, "eventType", EVENT_TYPE)!;
  if (o.payload === undefined) throw new ValidationError("payload", "field required");
  // Svix's payload is an object; receivers parse it as one.
  if (o.payload === null || typeof o.payload !== "object" || Array.isArray(o.payload)) throw new ValidationError("payload", "expected a JSON object");
  const payload = rawPayload ?? JSON.stringify(o.payload);
  if (payload.length > maxPayload || (payload.length * 3 > maxPayload && Buffer.byteLength(payload) > maxPayload)) throw tooLarge(maxPayload, "Message payload");
  const days = int(o, "payloadRetentionPeriod", { min: 1, max: 90 });
  const hours = int(o, "payloadRetentionHours", { min: 1, max: 2160 });
  return {
    appId,
    eventType,
    eventId: nstr(o, "eventId", EVENT_ID) ?? null,
    channels: strList(o, "channels", { maxItems: 10, max: 128, pattern: CHANNEL_RE }) ?? null,
    tags: strList(o, "tags", { maxItems: 5, max: 128, pattern: TAG_RE }) ?? null,
    payload,
    deliverAt: date(o, "deliverAt") ?? null,
    // ops hook: without an explicit period, null lets retention apply --retention-payload (src/store/retention.ts).
    payloadExpiresAt: hours ? now + hours * 3_600_000 : days ? now + days * DAY : null,
  };
}

/** Svix can create the application inline: `application` is used when the path's app does not exist. */
function appIdFor(c: Call, o: Obj): string {
  const id = c.svc.apps.resolveId(c.params.app_id);
  if (id) return id;
  if (!has(o, "application") || o.application === null) throw notFound("Application");
  const f = appFields(bodyObject(o.application), null);
  return c.svc.apps.create({ ...f, uid: f.uid ?? (c.params.app_id.startsWith("app_") ? null : c.params.app_id) }, c.now).id;
}

async function createMessage(c: Call) {
  const o = bodyObject(c.body);
  const m = parseMessage(o, appIdFor(c, o), c.now, c.ctx.config.maxPayload, jsonMemberText(c.text, "payload"));
  const withContent = boolQuery(c.query, "with_content", true);
  const id = newMessageId(c.now);
  const text = messageOutJson({ id, appId: m.appId, eventType: m.eventType, eventId: m.eventId, channels: m.channels, tags: m.tags, payload: m.payload, createdAt: c.now, deliverAt: m.deliverAt }, withContent);
  try {
    await c.svc.messages.create(id, m, c.now, { same: c.idem?.saveWith(202, text, c.now) });
  } catch (e) {
    // The application was deleted after its id was cached: the insert's foreign key caught it.
    if ((e as { code?: string }).code === "SQLITE_CONSTRAINT_FOREIGNKEY") throw notFound("Application");
    throw e;
  }
  return { status: 202, text };
}

/**
 * POST /api/v1/app/{app_id}/msg as Bun serves it directly (registered in outbound.ts): the same
 * bearer check and handler as the Elysia route below, without Elysia's per-request lifecycle.
 * Message sends are not audited (audit-writes.ts), so no hook is skipped.
 */
export function nativeMessageCreate(ctx: AppContext): NativeHandler {
  const authenticate = tokenAuthenticator(ctx);
  const create = route(ctx, createMessage);
  return (request) => {
    authenticate(request);
    return create({ request, params: request.params });
  };
}

export function messageRoutes(ctx: AppContext) {
  return new Elysia()
    .post("/app/:app_id/msg", route(ctx, createMessage), NONE)
    .get("/app/:app_id/msg", route(ctx, (c) => {
      const app = findApp(c);
      const withContent = boolQuery(c.query, "with_content", true);
      const page = c.svc.messages.list(app.id, {
        eventTypes: listQuery(c.query, "event_types"),
        channel: c.query.get("channel") || undefined,
        tag: c.query.get("tag") || undefined,
        before: dateQuery(c.query, "before"),
        after: dateQuery(c.query, "after"),
        withContent,
      }, pageQuery(c.query, "descending"));
      return { status: 200, text: listOutJson(page, (m) => messageOutJson(m, withContent)) };
    }))
    .get("/app/:app_id/msg/:msg_id", route(ctx, (c) => ({ status: 200, text: messageOutJson(findMessage(c, findApp(c).id), boolQuery(c.query, "with_content", true)) })))
    .delete("/app/:app_id/msg/:msg_id/content", route(ctx, (c) => {
      c.svc.messages.expungeContent(findMessage(c, findApp(c).id).id);
      return reply(204);
    }))
    .post("/app/:app_id/msg/bulk-expunge", route(ctx, (c) => {
      const app = findApp(c);
      const ids = strList(bodyObject(c.body ?? {}), "ids", { maxItems: BULK_EXPUNGE_MAX, max: 256 }) ?? [];
      const found = c.svc.messages.expungeMany(app.id, ids);
      return reply(200, { results: Object.fromEntries(ids.map((id) => [id, found.has(id) ? "expunged" : "not-found"])) });
    }), NONE)
    // Svix's expunge-all-contents: every payload of the application, as a background task.
    .post("/app/:app_id/msg/expunge-all-contents", route(ctx, (c) => {
      const app = findApp(c);
      const task = c.svc.tasks.start("application.purge_content", { appId: app.id }, () => ctx.clock.now(),
        async (step) => ({ expunged: await c.svc.messages.expungeAll(app.id, step) }));
      return reply(202, taskStarted(task));
    }), NONE)
    .post("/app/:app_id/msg/precheck/active", route(ctx, (c) => {
      const app = findApp(c);
      const o = bodyObject(c.body);
      const eventType = str(o, "eventType", { required: true, ...NAME })!;
      const channels = strList(o, "channels", { maxItems: 10, pattern: CHANNEL_RE }) ?? null;
      const active = c.svc.endpointCache.get(app.id).some((ep) => !ep.disabled && endpointWants(ep, eventType, channels));
      return reply(200, { active });
    }), NONE);
}
