// Rows → Svix JSON shapes (field names from the svix SDK's models). Times are RFC 3339 strings.
import type { AppRow } from "../../store/applications";
import type { EventTypeRow } from "../../store/event-types";
import type { EndpointRow } from "../../store/endpoints";
import type { MessageRow } from "../../store/messages";
import type { AttemptRow, DeliveryStatus, EndpointMessageRow } from "../../store/attempt-log";
import type { TaskRow } from "../../store/background-tasks";
import type { Page } from "../../store/pagination";
import { deliveryStatusToSvix, attemptStatusToSvix, triggerTypeToSvix } from "../../delivery/status";

/** ISO 8601 of a time in ms, or null. */
export const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

const STATUS_TEXT = ["success", "pending", "fail", "sending", "canceled"];

/** Svix MessageStatus and its text for a delivery state (the engine owns the mapping). */
function svixStatus(s: DeliveryStatus): { status: number; statusText: string } {
  const status = deliveryStatusToSvix(s);
  return { status, statusText: STATUS_TEXT[status] };
}

export function listOut<T, U>(p: Page<T>, f: (t: T) => U) {
  return { data: p.data.map(f), iterator: p.iterator, prevIterator: p.prevIterator, done: p.done };
}

export const appOut = (a: AppRow) => ({
  id: a.id,
  uid: a.uid,
  name: a.name,
  rateLimit: a.rateLimit,
  throttleRate: a.rateLimit,
  metadata: a.metadata,
  createdAt: iso(a.createdAt),
  updatedAt: iso(a.updatedAt),
});

export const eventTypeOut = (e: EventTypeRow, withSchemas = true) => ({
  name: e.name,
  description: e.description,
  archived: e.archived,
  deprecated: e.deprecated,
  schemas: withSchemas ? e.schemas : null,
  featureFlag: e.featureFlags?.[0] ?? null,
  featureFlags: e.featureFlags,
  groupName: e.groupName,
  createdAt: iso(e.createdAt),
  updatedAt: iso(e.updatedAt),
});

/** `filterTypes` is what svix 1.x reads; `eventTypes` is the 2.x name. Both carry the same list. */
export const endpointOut = (e: EndpointRow) => ({
  id: e.id,
  uid: e.uid,
  url: e.url,
  description: e.description,
  version: e.version,
  disabled: e.disabled,
  filterTypes: e.filterTypes,
  eventTypes: e.filterTypes,
  channels: e.channels,
  rateLimit: e.throttleRate,
  throttleRate: e.throttleRate,
  metadata: e.metadata,
  // hookrelay extensions (absent from Svix): per-endpoint delivery overrides.
  timeoutMs: e.timeoutMs,
  retrySchedule: e.retrySchedule,
  maxInFlight: e.maxInFlight,
  disabledReason: e.disabledReason,
  createdAt: iso(e.createdAt),
  updatedAt: iso(e.updatedAt),
});

function parsePayload(text: string | null): unknown {
  if (text === null) return {};
  try { return JSON.parse(text); } catch { return text; }
}

/** Without content (or once expunged) the payload is `{}`, as in Svix. */
export const messageOut = (m: MessageRow, withContent = true) => ({
  id: m.id,
  eventType: m.eventType,
  eventId: m.eventId,
  channels: m.channels,
  tags: m.tags,
  payload: withContent ? parsePayload(m.payload) : {},
  timestamp: iso(m.createdAt),
  deliverAt: iso(m.deliverAt),
});

/**
 * `head` as JSON text with `"payload":<text>` spliced in: the payload goes out exactly as the client
 * sent it (a parse + re-stringify would round big integers and rewrite 1.10 or 1e2), and the hot
 * path serializes once.
 */
function withPayloadJson(head: Record<string, unknown>, payload: string | null, withContent: boolean): string {
  const text = JSON.stringify({ ...head, payload: undefined });
  return `${text.slice(0, -1)}${text.length > 2 ? "," : ""}"payload":${withContent && payload !== null ? payload : "{}"}}`;
}

// The last time formatted: messages created in the same millisecond (several, under load) share it.
let lastMs = Number.NaN, lastIso = "";
function isoOf(ms: number): string {
  if (ms !== lastMs) { lastMs = ms; lastIso = new Date(ms).toISOString(); }
  return lastIso;
}

/**
 * messageOut as JSON text, with the stored payload text verbatim. Written out by hand, in the key
 * order message answers have always had (messageOut's, payload last), because it answers every
 * message POST: 0.7 against 1.5 µs for withPayloadJson over messageOut
 * (test/http/api/message-out-json.test.ts holds it to messageOut).
 */
export const messageOutJson = (m: MessageRow, withContent = true): string =>
  `{"id":${JSON.stringify(m.id)},"eventType":${JSON.stringify(m.eventType)},"eventId":${JSON.stringify(m.eventId ?? null)},` +
  `"channels":${JSON.stringify(m.channels ?? null)},"tags":${JSON.stringify(m.tags ?? null)},"timestamp":"${isoOf(m.createdAt)}",` +
  `"deliverAt":${JSON.stringify(iso(m.deliverAt))},` +
  `"payload":${withContent && m.payload !== null ? m.payload : "{}"}}`;

/** endpointMessageOut as JSON text, with the stored payload text verbatim. */
export const endpointMessageOutJson = (m: EndpointMessageRow, withContent: boolean): string =>
  withPayloadJson(endpointMessageOut({ ...m, payload: null }, false), m.payload, withContent);

/** listOut as JSON text, for items already serialized. */
export const listOutJson = <T>(p: Page<T>, f: (t: T) => string): string =>
  `{"data":[${p.data.map(f).join(",")}],"iterator":${JSON.stringify(p.iterator)},"prevIterator":${JSON.stringify(p.prevIterator)},"done":${p.done}}`;

export const endpointMessageOut = (m: EndpointMessageRow, withContent: boolean) => ({
  ...messageOut(m, withContent),
  ...svixStatus(m.status),
  nextAttempt: iso(m.nextAttemptAt),
});

export const messageEndpointOut = (e: EndpointRow, d: { status: DeliveryStatus; nextAttemptAt: number | null }) => {
  const { filterTypes, channels, createdAt, updatedAt, description, disabled, id, uid, url, version, rateLimit, throttleRate } = endpointOut(e);
  return { id, uid, url, description, version, disabled, filterTypes, eventTypes: filterTypes, channels, rateLimit, throttleRate, createdAt, updatedAt, ...svixStatus(d.status), nextAttempt: iso(d.nextAttemptAt) };
};

/** One finished attempt: 0 success or 2 fail. `response` is the captured body, or the error when there was no response. */
export const attemptOut = (a: AttemptRow) => ({
  id: a.id,
  msgId: a.messageId,
  endpointId: a.endpointId,
  url: a.url,
  response: a.responseBody ?? (a.error ? `${a.errorClass ? a.errorClass + ": " : ""}${a.error}` : ""),
  responseStatusCode: a.responseStatus ?? 0,
  responseDurationMs: a.durationMs,
  status: attemptStatusToSvix(a.success),
  statusText: STATUS_TEXT[attemptStatusToSvix(a.success)],
  triggerType: triggerTypeToSvix(a.triggerType),
  timestamp: iso(a.createdAt),
  attemptNumber: a.attemptNumber,
  errorClass: a.errorClass,
  ...(a.msg ? { msg: messageOut(a.msg, a.msg.payload !== null) } : {}),
});

/** The answer that starts a background task (Svix's RecoverOut, ReplayOut, ExpungeAllContentsOut). */
export const taskStarted = (t: TaskRow) => ({ id: t.id, status: t.status, task: t.task, updatedAt: iso(t.updatedAt) });

export const taskOut = (t: TaskRow) => ({ id: t.id, task: t.task, status: t.status, data: t.data, updatedAt: iso(t.updatedAt) });
