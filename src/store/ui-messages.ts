// Message search and detail reads for the web UI. Search picks the index that drives it (message ids,
// an endpoint's deliveries, or the status index) and examines at most SCAN_BUDGET rows per page, so a
// filter that matches nothing among a million rows still answers quickly with "search older".
import type { Store } from "./db";
import { idFloor } from "../lib/ids";
import { readJson } from "./json-column";
import { payloadText } from "./messages";
import { DELIVERIES_OF_MESSAGE } from "./attempt-log";

export type DeliveryState = "pending" | "sending" | "success" | "failed";
/** What the search filters by: a delivery state, or "retrying" (pending again after a failed attempt). */
export type SearchState = DeliveryState | "retrying";

export interface MessageSearch {
  appId?: string;
  eventType?: string;
  status?: SearchState;
  endpointId?: string;
  since?: number;
  until?: number;
  /** Keyset cursor from the previous page's `next`. */
  cursor?: string | null;
  limit: number;
}

export interface MessageHit {
  id: string;
  appId: string;
  appName: string | null;
  eventType: string;
  eventId: string | null;
  createdAt: number;
  /** Set when the search ran over deliveries (status or endpoint filter): that pair's state. */
  delivery?: { id: number; endpointId: string; endpointUrl: string; status: SearchState };
}

export interface MessageHits {
  rows: MessageHit[];
  /** Cursor of the next (older) page, or null at the end. */
  next: string | null;
  /** True when the page stopped because the scan budget ran out, not because rows ran out. */
  budgetHit: boolean;
}

export interface MessageDetail extends Omit<MessageHit, "delivery"> {
  sourceId: string | null;
  channels: string[] | null;
  tags: string[] | null;
  payload: string | null;
  contentType: string;
}

export interface FullAttempt {
  id: string; deliveryId: number; endpointId: string; attemptNumber: number; triggerType: number; url: string;
  requestHeaders: Record<string, string>; responseStatus: number | null; responseHeaders: Record<string, string> | null;
  responseBody: string | null; durationMs: number; errorClass: string | null; error: string | null; success: boolean; createdAt: number;
}

export type StatusCounts = Record<DeliveryState, number>;

/** Rows examined per page at most. */
export const SCAN_BUDGET = 20_000;

const HIT_COLS = "m.id, m.app_id AS appId, a.name AS appName, m.event_type AS eventType, m.event_id AS eventId, m.created_at AS createdAt";
const ATTEMPT_COLS = `id, delivery_id AS deliveryId, endpoint_id AS endpointId, attempt_number AS attemptNumber, trigger_type AS triggerType, url,
  request_headers AS requestHeaders, response_status AS responseStatus, response_headers AS responseHeaders, response_body AS responseBody,
  duration_ms AS durationMs, error_class AS errorClass, error, success, created_at AS createdAt`;

type RawAttempt = Omit<FullAttempt, "requestHeaders" | "responseHeaders" | "success"> & { requestHeaders: string; responseHeaders: string | null; success: number };
export const toFullAttempt = (r: RawAttempt): FullAttempt => ({
  ...r, success: !!r.success, requestHeaders: readJson(r.requestHeaders, {}), responseHeaders: r.responseHeaders === null ? null : readJson(r.responseHeaders, {}),
});

function prepare(store: Store) {
  const q = store.sqlite;
  return {
    byId: q.query<Omit<MessageDetail, "channels" | "tags" | "payload"> & { channels: string | null; tags: string | null; payload: Uint8Array | null }, [string]>(
      `SELECT ${HIT_COLS}, m.source_id AS sourceId, m.channels, m.tags, m.payload, m.content_type AS contentType
       FROM messages m LEFT JOIN applications a ON a.id = m.app_id WHERE m.id = ?`),
    // The unique (app_id, event_id) index answers an event-id lookup once per application. CROSS JOIN
    // pins that loop order: otherwise the planner may walk every message looking for the event id.
    byEventId: q.query<{ id: string }, [string]>(
      "SELECT m.id FROM applications a CROSS JOIN messages m ON m.app_id = a.id AND m.event_id = ? LIMIT 20"),
    attempts: q.query<RawAttempt, [string, number]>(`SELECT ${ATTEMPT_COLS} FROM attempts WHERE delivery_id IN (${DELIVERIES_OF_MESSAGE}) ORDER BY id DESC LIMIT ?`),
    attempt: q.query<RawAttempt, [string]>(`SELECT ${ATTEMPT_COLS} FROM attempts WHERE id = ?`),
    counts: q.query<{ messageId: string; status: DeliveryState; n: number }, [string]>(
      "SELECT message_id AS messageId, status, count(*) AS n FROM deliveries WHERE message_id IN (SELECT value FROM json_each(?)) GROUP BY message_id, status"),
  };
}

function bounds(where: string[], params: (string | number)[], f: MessageSearch) {
  if (f.eventType) { where.push("m.event_type = ?"); params.push(f.eventType); }
  if (f.appId) { where.push("m.app_id = ?"); params.push(f.appId); }
  if (f.since !== undefined) { where.push("m.created_at >= ?"); params.push(f.since); }
  if (f.until !== undefined) { where.push("m.created_at < ?"); params.push(f.until); }
}

export function createMessageQueries(store: Store) {
  const s = prepare(store);
  const q = store.sqlite;

  /**
   * The scan budget as a key bound: the key SCAN_BUDGET rows down the driving index (an index-only
   * walk), or null when fewer rows are left. The page query then runs in index order between the
   * cursor and this edge, stopping at the first `limit + 1` matches: no sort, no unbounded scan.
   */
  function edgeOf<K extends string | number>(table: string, where: string[], params: (string | number)[]): K | null {
    const r = q.query<{ k: K }, (string | number)[]>(
      `SELECT id AS k FROM ${table} ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY id DESC LIMIT 1 OFFSET ${SCAN_BUDGET - 1}`).get(...params);
    return r ? r.k : null;
  }

  /** Newest first over message ids (the default view: no status or endpoint filter). */
  function byMessages(f: MessageSearch): MessageHits {
    const key: string[] = [];
    const kp: (string | number)[] = [];
    if (f.appId) { key.push("app_id = ?"); kp.push(f.appId); }
    if (f.cursor?.startsWith("msg_")) { key.push("id < ?"); kp.push(f.cursor); }
    // Ids start with their creation time, so a time range is an id range on the same index.
    if (f.since !== undefined) { key.push("id >= ?"); kp.push(idFloor("msg", f.since)); }
    if (f.until !== undefined) { key.push("id < ?"); kp.push(idFloor("msg", f.until + 1)); }
    const edge = edgeOf<string>("messages", key, kp);
    const where = [...key.map((w) => `m.${w}`), "m.app_id IS NOT NULL"];
    const params = [...kp];
    if (edge !== null) { where.push("m.id >= ?"); params.push(edge); }
    bounds(where, params, f);
    const rows = q.query<MessageHit, (string | number)[]>(`SELECT ${HIT_COLS} FROM messages m LEFT JOIN applications a ON a.id = m.app_id
      WHERE ${where.join(" AND ")} ORDER BY m.id DESC LIMIT ${f.limit + 1}`).all(...params);
    if (rows.length > f.limit) return { rows: rows.slice(0, f.limit), next: rows[f.limit - 1].id, budgetHit: false };
    return { rows, next: edge, budgetHit: edge !== null };
  }

  /** Newest first over deliveries: one row per (message, endpoint) in the given state or to the given endpoint. */
  function byDeliveries(f: MessageSearch): MessageHits {
    const key: string[] = [];
    const kp: (string | number)[] = [];
    if (f.endpointId) { key.push("endpoint_id = ?"); kp.push(f.endpointId); }
    const status = f.status === "retrying" ? "pending" : f.status;
    if (status) {
      key.push("status = ?");
      kp.push(status);
      // Finished rows have no next attempt: (status, NULL) is then an index range already in id order.
      if (!f.endpointId && (status === "success" || status === "failed")) key.push("next_attempt_at IS NULL");
    }
    const cursor = f.cursor?.startsWith("d") ? Number(f.cursor.slice(1)) : NaN;
    if (Number.isFinite(cursor)) { key.push("id < ?"); kp.push(cursor); }
    const edge = edgeOf<number>("deliveries", key, kp);
    const where = [...key.map((w) => `d.${w}`), "m.app_id IS NOT NULL"];
    const params = [...kp];
    if (edge !== null) { where.push("d.id >= ?"); params.push(edge); }
    // "Retrying": queued again after a failed attempt (the queue is small, so this filter is cheap).
    if (f.status === "retrying") where.push("d.attempt_count > 0");
    bounds(where, params, f);
    const rows = q.query<MessageHit & { dId: number; dEndpoint: string; dUrl: string; dStatus: DeliveryState; dTries: number }, (string | number)[]>(
      `SELECT ${HIT_COLS}, d.id AS dId, d.endpoint_id AS dEndpoint, e.url AS dUrl, d.status AS dStatus, d.attempt_count AS dTries
       FROM deliveries d JOIN messages m ON m.id = d.message_id JOIN endpoints e ON e.id = d.endpoint_id
       LEFT JOIN applications a ON a.id = m.app_id WHERE ${where.join(" AND ")} ORDER BY d.id DESC LIMIT ${f.limit + 1}`).all(...params);
    const hits = rows.map(({ dId, dEndpoint, dUrl, dStatus, dTries, ...m }) => ({
      ...m, delivery: { id: dId, endpointId: dEndpoint, endpointUrl: dUrl, status: dStatus === "pending" && dTries > 0 ? "retrying" as const : dStatus },
    }));
    if (hits.length > f.limit) return { rows: hits.slice(0, f.limit), next: `d${hits[f.limit - 1].delivery.id}`, budgetHit: false };
    return { rows: hits, next: edge === null ? null : `d${edge}`, budgetHit: edge !== null };
  }

  return {
    search: (f: MessageSearch): MessageHits => (f.status || f.endpointId ? byDeliveries(f) : byMessages(f)),

    /** A message by id, whichever application (or source) it belongs to. */
    get(id: string): MessageDetail | null {
      const r = s.byId.get(id);
      if (!r) return null;
      return { ...r, channels: readJson<string[] | null>(r.channels, null), tags: readJson<string[] | null>(r.tags, null), payload: payloadText(r.payload) };
    },

    /** Message ids carrying this eventId (unique per application, so at most one per app). */
    idsByEventId: (eventId: string): string[] => s.byEventId.all(eventId).map((r) => r.id).sort().reverse(),

    /** The newest `limit` attempts of a message with request and response headers, newest first. */
    attempts: (messageId: string, limit = 200): FullAttempt[] => s.attempts.all(messageId, limit).map(toFullAttempt),

    attempt(id: string): FullAttempt | null {
      const r = s.attempt.get(id);
      return r ? toFullAttempt(r) : null;
    },

    /** Delivery states per message for a page of messages (one grouped query on the (message_id, endpoint_id) index). */
    statusCounts(messageIds: string[]): Map<string, StatusCounts> {
      const out = new Map<string, StatusCounts>();
      if (!messageIds.length) return out;
      for (const r of s.counts.all(JSON.stringify(messageIds))) {
        let c = out.get(r.messageId);
        if (!c) out.set(r.messageId, (c = { pending: 0, sending: 0, success: 0, failed: 0 }));
        c[r.status] += r.n;
      }
      return out;
    },
  };
}

/** One word for a message's deliveries: in-flight work first, then failure, then success. */
export function overallStatus(c: StatusCounts | undefined): DeliveryState | "none" {
  if (!c) return "none";
  if (c.sending) return "sending";
  if (c.pending) return "pending";
  if (c.failed) return "failed";
  return c.success ? "success" : "none";
}

export type MessageQueries = ReturnType<typeof createMessageQueries>;
const cache = new WeakMap<Store, MessageQueries>();
export function messageQueriesFor(store: Store): MessageQueries {
  let m = cache.get(store);
  if (!m) cache.set(store, (m = createMessageQueries(store)));
  return m;
}
