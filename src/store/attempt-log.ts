// Read side of the delivery log for the API: attempts (written by the delivery engine),
// per-(message, endpoint) delivery state, and endpoint stats. Every list is a keyset range on an index.
import type { Store } from "./db";
import { listPage, type Page, type PageQuery } from "./pagination";
import { toMessageRow, type MessageRow } from "./messages";

export type DeliveryStatus = "pending" | "sending" | "success" | "failed";

export interface AttemptRow {
  id: string;
  deliveryId: number;
  messageId: string;
  endpointId: string;
  attemptNumber: number;
  triggerType: number;
  url: string;
  responseStatus: number | null;
  responseBody: string | null;
  durationMs: number;
  errorClass: string | null;
  error: string | null;
  success: boolean;
  createdAt: number;
  msg?: MessageRow;
}

export interface AttemptFilter {
  messageId?: string;
  endpointId?: string;
  /** Svix MessageStatus: 0 success, 2 fail; an attempt is never pending/sending/canceled. */
  status?: number;
  statusCodeClass?: number;
  channel?: string;
  tag?: string;
  eventTypes?: string[];
  before?: number;
  after?: number;
  withMsg?: boolean;
  withContent?: boolean;
}

const ATTEMPT_COLS = `a.id, a.delivery_id AS deliveryId, a.message_id AS messageId, a.endpoint_id AS endpointId, a.attempt_number AS attemptNumber,
  a.trigger_type AS triggerType, a.url, a.response_status AS responseStatus, a.response_body AS responseBody, a.duration_ms AS durationMs,
  a.error_class AS errorClass, a.error, a.success, a.created_at AS createdAt`;
const MSG_COLS = (content: boolean) => `m.id AS m_id, m.app_id AS m_appId, m.event_type AS m_eventType, m.event_id AS m_eventId, m.channels AS m_channels,
  m.tags AS m_tags, ${content ? "m.payload" : "NULL"} AS m_payload, m.created_at AS m_createdAt, m.deliver_at AS m_deliverAt`;

/** A message's delivery ids (deliveries_msg_ep_idx): the way to its attempts (attempts_delivery_idx). */
export const DELIVERIES_OF_MESSAGE = "SELECT id FROM deliveries WHERE message_id = ?";

type RawAttempt = Omit<AttemptRow, "success" | "msg"> & { success: number } & Record<string, any>;

function splitMsg(r: Record<string, any>): MessageRow {
  return toMessageRow({ id: r.m_id, appId: r.m_appId, eventType: r.m_eventType, eventId: r.m_eventId, channels: r.m_channels, tags: r.m_tags, payload: r.m_payload, createdAt: r.m_createdAt, deliverAt: r.m_deliverAt });
}

/** Svix MessageStatus numbers → the delivery statuses they select. */
const STATUS_FILTER: Record<number, DeliveryStatus | null> = { 0: "success", 1: "pending", 2: "failed", 3: "sending", 4: null };

/** Filters that live on the message (channel, tag, event type) shared by attempt and delivery lists. */
function messageFilters(f: { channel?: string; tag?: string; eventTypes?: string[] }, where: string[], params: (string | number)[]): boolean {
  const before = where.length;
  if (f.eventTypes?.length) { where.push("m.event_type IN (SELECT value FROM json_each(?))"); params.push(JSON.stringify(f.eventTypes)); }
  if (f.channel) { where.push("EXISTS (SELECT 1 FROM json_each(m.channels) WHERE value = ?)"); params.push(f.channel); }
  if (f.tag) { where.push("EXISTS (SELECT 1 FROM json_each(m.tags) WHERE value = ?)"); params.push(f.tag); }
  return where.length > before;
}

export interface EndpointMessageRow extends MessageRow { status: DeliveryStatus; nextAttemptAt: number | null }
export interface MessageEndpointRow { endpointId: string; status: DeliveryStatus; nextAttemptAt: number | null }
export interface EndpointStatsRow { success: number; fail: number; pending: number; sending: number }

export class AttemptLog {
  private one;
  private expunge;

  constructor(private store: Store) {
    this.one = store.sqlite.query<RawAttempt, [string, string]>(`SELECT ${ATTEMPT_COLS} FROM attempts a WHERE a.id = ? AND a.message_id = ?`);
    this.expunge = store.sqlite.query("UPDATE attempts SET response_body = NULL WHERE id = ?");
  }

  get(messageId: string, attemptId: string): AttemptRow | null {
    const r = this.one.get(attemptId, messageId);
    return r ? { ...r, success: !!r.success } : null;
  }

  expungeContent(attemptId: string): void {
    this.expunge.run(attemptId);
  }

  /** Attempts of one message or one endpoint (exactly one of messageId/endpointId), newest first by default. */
  attempts(f: AttemptFilter, page: PageQuery): Page<AttemptRow> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    // Through the message's deliveries (one per endpoint): attempts have no message index.
    if (f.messageId) { where.push(`a.delivery_id IN (${DELIVERIES_OF_MESSAGE})`); params.push(f.messageId); }
    if (f.endpointId) { where.push("a.endpoint_id = ?"); params.push(f.endpointId); }
    if (f.status !== undefined) {
      const s = STATUS_FILTER[f.status];
      where.push(s === "success" ? "a.success = 1" : s === "failed" ? "a.success = 0" : "0");
    }
    if (f.statusCodeClass !== undefined) {
      if (f.statusCodeClass === 0) where.push("a.response_status IS NULL");
      else { where.push("a.response_status BETWEEN ? AND ?"); params.push(f.statusCodeClass, f.statusCodeClass + 99); }
    }
    if (f.before !== undefined) { where.push("a.created_at < ?"); params.push(f.before); }
    if (f.after !== undefined) { where.push("a.created_at > ?"); params.push(f.after); }
    const joinMsg = messageFilters(f, where, params) || !!f.withMsg;
    const select = joinMsg
      ? `SELECT ${ATTEMPT_COLS}, ${MSG_COLS(f.withContent !== false)} FROM attempts a JOIN messages m ON m.id = a.message_id`
      : `SELECT ${ATTEMPT_COLS} FROM attempts a`;
    const p = listPage<RawAttempt>(this.store.sqlite, { select, where, params, key: "a.id", keyOf: (r) => r.id }, page);
    return {
      ...p,
      data: p.data.map((r) => {
        const { m_id, m_appId, m_eventType, m_eventId, m_channels, m_tags, m_payload, m_createdAt, m_deliverAt, success, ...rest } = r;
        const row: AttemptRow = { ...(rest as Omit<AttemptRow, "success">), success: !!success };
        if (f.withMsg) row.msg = splitMsg(r);
        return row;
      }),
    };
  }

  /** Messages sent (or queued) to an endpoint, with that pair's state. Keyed by delivery id. */
  endpointMessages(endpointId: string, f: { status?: number; channel?: string; tag?: string; eventTypes?: string[]; before?: number; after?: number; withContent: boolean }, page: PageQuery): Page<EndpointMessageRow> {
    const where = ["d.endpoint_id = ?"];
    const params: (string | number)[] = [endpointId];
    if (f.status !== undefined) { where.push("d.status = ?"); params.push(STATUS_FILTER[f.status] ?? "none"); }
    if (f.before !== undefined) { where.push("m.created_at < ?"); params.push(f.before); }
    if (f.after !== undefined) { where.push("m.created_at > ?"); params.push(f.after); }
    messageFilters(f, where, params);
    const p = listPage<Record<string, any>>(this.store.sqlite, {
      select: `SELECT d.id AS d_id, d.status AS d_status, d.next_attempt_at AS d_next, ${MSG_COLS(f.withContent)} FROM deliveries d JOIN messages m ON m.id = d.message_id`,
      where, params, key: "d.id", numericKey: true, keyOf: (r) => String(r.d_id),
    }, page);
    return { ...p, data: p.data.map((r) => ({ ...splitMsg(r), status: r.d_status, nextAttemptAt: r.d_status === "pending" ? r.d_next : null })) };
  }

  /** Endpoints a message was routed to, with each pair's state. Keyed by endpoint id. */
  messageEndpoints(messageId: string, page: PageQuery): Page<MessageEndpointRow> {
    return listPage<MessageEndpointRow>(this.store.sqlite, {
      select: "SELECT d.endpoint_id AS endpointId, d.status, CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS nextAttemptAt FROM deliveries d",
      where: ["d.message_id = ?"], params: [messageId], key: "d.endpoint_id", keyOf: (r) => r.endpointId,
    }, page);
  }

  /** Delivery counts per state for one endpoint, over messages created in [since, until). */
  endpointStats(endpointId: string, since?: number, until?: number): EndpointStatsRow {
    const where = ["d.endpoint_id = ?"];
    const params: (string | number)[] = [endpointId];
    if (since !== undefined) { where.push("d.created_at >= ?"); params.push(since); }
    if (until !== undefined) { where.push("d.created_at < ?"); params.push(until); }
    const rows = this.store.sqlite.query<{ status: DeliveryStatus; n: number }, (string | number)[]>(
      `SELECT d.status, count(*) AS n FROM deliveries d WHERE ${where.join(" AND ")} GROUP BY d.status`).all(...params);
    const out: EndpointStatsRow = { success: 0, fail: 0, pending: 0, sending: 0 };
    for (const r of rows) out[r.status === "failed" ? "fail" : r.status] += r.n;
    return out;
  }
}

