/**
 * Polling endpoints: an application's consumers read its messages by polling instead of receiving
 * webhooks. `/app/{app_id}/polling-endpoint…` manages them (hookrelay's own routes; Svix creates
 * them in its App Portal); `/app/{app_id}/poller/{sink_id}…` is Svix's `message.poller` (poll,
 * consumerPoll, consumerSeek), which a polling endpoint's consumer key may also call (auth.ts).
 */
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import type { PollingEndpointFields, PollingEndpointRow } from "../../store/polling-endpoints";
import { TooManyConsumersError } from "../../store/polling-endpoints";
import { FEED_POSITION_RE, feedPositionAt, feedPositionOf, type FeedFilter } from "../../store/message-feed";
import { ApiError, notFound, ValidationError } from "../errors";
import { publicBase } from "../ingest/sources-api";
import { checkEndpointQuota } from "../limits";
import { route, reply, pageQuery, dateQuery, findApp, type Call } from "./common";
import { bodyObject, str, nstr, bool, strList, strMap, date, UID_RE, CHANNEL_RE, type Obj } from "./validate";
import { filterTypesOf } from "./endpoints";
import { listOut, messageOutJson, iso } from "./serialize";

const NONE = { parse: "none" as const };
const UID = { min: 1, max: 256, pattern: UID_RE, patternMsg: "may only contain a-z, A-Z, 0-9, '-', '_' and '.'" };
/** Consumer ids follow the uid rule. */
const CONSUMER_ID = UID;

/** The URL a consumer polls (the consumer's own routes hang below it). */
export const pollUrl = (ctx: AppContext, request: Request, appId: string, pollerId: string) =>
  `${publicBase(ctx, request)}/api/v1/app/${appId}/poller/${pollerId}`;

/** PollingEndpointIn / Patch (and svix 2.x's DestinationIn, destinations.ts). With a base (PATCH), absent fields keep their value. */
export function pollingEndpointFields(c: Call, o: Obj, base: PollingEndpointRow | null): PollingEndpointFields {
  const pick = <T>(v: T | undefined, old: T): T => (v !== undefined ? v : old);
  return {
    uid: pick(nstr(o, "uid", UID), base?.uid ?? null),
    description: pick(str(o, "description", { max: 10_000 }), base?.description ?? ""),
    filterTypes: pick(filterTypesOf(c, o).value, base?.filterTypes ?? null),
    channels: pick(strList(o, "channels", { minItems: 1, maxItems: 10, max: 128, pattern: CHANNEL_RE }), base?.channels ?? null),
    disabled: pick(bool(o, "disabled"), base?.disabled ?? false),
    metadata: pick(strMap(o, "metadata") ?? undefined, base?.metadata ?? {}),
  };
}

function pollingEndpointOut(c: Call, p: PollingEndpointRow) {
  return {
    id: p.id,
    uid: p.uid,
    description: p.description,
    filterTypes: p.filterTypes,
    eventTypes: p.filterTypes,
    channels: p.channels,
    disabled: p.disabled,
    metadata: p.metadata,
    url: pollUrl(c.ctx, c.request, p.appId, p.id),
    keyPrefix: p.keyPrefix,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}

function findPoller(c: Call, appId: string, param: string): PollingEndpointRow {
  const p = c.svc.pollers.get(appId, c.params[param]);
  if (!p) throw notFound("Polling endpoint");
  return p;
}

/** The polling endpoint a read names; a disabled one refuses reads. */
function readable(c: Call): PollingEndpointRow {
  const p = findPoller(c, findApp(c).id, "sink_id");
  if (p.disabled) throw new ApiError(409, "conflict", "This polling endpoint is disabled; enable it to read (PATCH …/polling-endpoint/{id} {\"disabled\": false})");
  return p;
}

function positionQuery(c: Call): string | null {
  const it = c.query.get("iterator");
  if (it === null || it === "") return null;
  if (!FEED_POSITION_RE.test(it)) throw new ValidationError("iterator", "not an iterator this polling endpoint returned", "query");
  return it;
}

function pollLimit(c: Call): number {
  return pageQuery(c.query, "ascending").limit;
}

/** Reads from `position` and answers Svix's PollingEndpointOut. */
function poll(c: Call, p: PollingEndpointRow, position: string, limit: number, narrow: { eventType: string | null; channel: string | null }) {
  const filter: FeedFilter = {
    filterTypes: p.filterTypes ? new Set(p.filterTypes) : null,
    channels: p.channels ? new Set(p.channels) : null,
    ...narrow,
  };
  const page = c.svc.feed.read(p.appId, position, limit, filter, c.svc.messages.uncommittedFloor());
  return { page, text: `{"data":[${page.data.map((m) => messageOutJson(m)).join(",")}],"iterator":${JSON.stringify(page.position)},"done":${page.done}}` };
}

function consumerOf(c: Call): string {
  const id = c.params.consumer_id;
  if (!id || id.length > CONSUMER_ID.max || !CONSUMER_ID.pattern.test(id)) throw new ValidationError("consumer_id", CONSUMER_ID.patternMsg, "path");
  return id;
}

function savePosition(c: Call, p: PollingEndpointRow, consumer: string, position: string) {
  try {
    c.svc.pollers.setConsumerPosition(p.id, consumer, position, c.now);
  } catch (e) {
    if (e instanceof TooManyConsumersError) throw new ApiError(409, "conflict", e.message);
    throw e;
  }
}

export function pollingEndpointRoutes(ctx: AppContext) {
  const base = "/app/:app_id/polling-endpoint";
  return new Elysia()
    .get(base, route(ctx, (c) => reply(200, listOut(c.svc.pollers.list(findApp(c).id, pageQuery(c.query, "ascending")), (p) => pollingEndpointOut(c, p)))))
    .post(base, route(ctx, (c) => {
      const app = findApp(c);
      checkEndpointQuota(ctx, c.svc.pollers.countForApp(app.id), "polling endpoints");
      const { row, key } = c.svc.pollers.create(app.id, pollingEndpointFields(c, bodyObject(c.body), null), c.now);
      return reply(201, { ...pollingEndpointOut(c, row), key });
    }), NONE)
    .get(`${base}/:poller_id`, route(ctx, (c) => reply(200, pollingEndpointOut(c, findPoller(c, findApp(c).id, "poller_id")))))
    .patch(`${base}/:poller_id`, route(ctx, (c) => {
      const cur = findPoller(c, findApp(c).id, "poller_id");
      return reply(200, pollingEndpointOut(c, c.svc.pollers.update(cur, pollingEndpointFields(c, bodyObject(c.body), cur), c.now)));
    }), NONE)
    .delete(`${base}/:poller_id`, route(ctx, (c) => {
      c.svc.pollers.delete(findPoller(c, findApp(c).id, "poller_id"));
      return reply(204);
    }))
    .post(`${base}/:poller_id/key/rotate`, route(ctx, (c) => {
      const cur = findPoller(c, findApp(c).id, "poller_id");
      return reply(200, { key: c.svc.pollers.rotateKey(cur, c.now) });
    }), NONE)
    // Svix's message.poller.poll: stateless; the caller keeps the iterator.
    .get("/app/:app_id/poller/:sink_id", route(ctx, (c) => {
      const p = readable(c);
      const after = dateQuery(c.query, "after");
      const position = positionQuery(c) ?? (after !== undefined ? feedPositionAt(after + 1) : feedPositionOf(p.id));
      const eventType = c.query.get("event_type") || null;
      const channel = c.query.get("channel") || null;
      return { status: 200, text: poll(c, p, position, pollLimit(c), { eventType, channel }).text };
    }))
    // consumerPoll: the server keeps each named consumer's place; a poll moves it past what it hands out.
    .get("/app/:app_id/poller/:sink_id/consumer/:consumer_id", route(ctx, (c) => {
      const p = readable(c);
      const consumer = consumerOf(c);
      const position = positionQuery(c) ?? c.svc.pollers.consumerPosition(p.id, consumer) ?? feedPositionOf(p.id);
      const { page, text } = poll(c, p, position, pollLimit(c), { eventType: null, channel: null });
      savePosition(c, p, consumer, page.position);
      return { status: 200, text };
    }))
    .post("/app/:app_id/poller/:sink_id/consumer/:consumer_id/seek", route(ctx, (c) => {
      const p = readable(c);
      const consumer = consumerOf(c);
      const after = date(bodyObject(c.body), "after", { required: true })!;
      const position = feedPositionAt(after + 1);
      savePosition(c, p, consumer, position);
      return reply(200, { iterator: position });
    }), NONE);
}
