// Operational alerts (table `alerts`): the same events the operational webhook sends, kept for the UI.
// Retention deletes them with the other records (--retention-attempts).
import type { Store } from "./db";
import { newId } from "../lib/ids";

export interface AlertInput {
  type: string;
  appId?: string | null;
  endpointId?: string | null;
  sourceId?: string | null;
  messageId?: string | null;
  summary: string;
  data: Record<string, unknown>;
}

export interface AlertRow {
  id: string;
  type: string;
  appId: string | null;
  endpointId: string | null;
  sourceId: string | null;
  messageId: string | null;
  summary: string;
  data: Record<string, unknown>;
  createdAt: number;
  acknowledgedAt: number | null;
}

type Raw = Omit<AlertRow, "data"> & { data: string };
const COLS = "id, type, app_id AS appId, endpoint_id AS endpointId, source_id AS sourceId, message_id AS messageId, summary, data, created_at AS createdAt, acknowledged_at AS acknowledgedAt";
const statements = new WeakMap<Store, ReturnType<typeof prepare>>();

function prepare(store: Store) {
  const q = store.sqlite.query.bind(store.sqlite);
  return {
    insert: q("INSERT INTO alerts (id, type, app_id, endpoint_id, source_id, message_id, summary, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
    lastOf: q<{ at: number | null }, [string, string]>("SELECT max(created_at) AS at FROM alerts WHERE type = ?1 AND source_id = ?2"),
    unacked: q<{ n: number }, []>("SELECT count(*) AS n FROM alerts WHERE acknowledged_at IS NULL"),
    ack: q("UPDATE alerts SET acknowledged_at = ?2 WHERE id = ?1 AND acknowledged_at IS NULL"),
    ackAll: q("UPDATE alerts SET acknowledged_at = ?1 WHERE acknowledged_at IS NULL"),
  };
}
const stmts = (store: Store) => { let s = statements.get(store); if (!s) { s = prepare(store); statements.set(store, s); } return s; };

export function recordAlert(store: Store, a: AlertInput, now: number): AlertRow {
  const id = newId("alert", now);
  stmts(store).insert.run(id, a.type, a.appId ?? null, a.endpointId ?? null, a.sourceId ?? null, a.messageId ?? null, a.summary, JSON.stringify(a.data), now);
  return { id, type: a.type, appId: a.appId ?? null, endpointId: a.endpointId ?? null, sourceId: a.sourceId ?? null, messageId: a.messageId ?? null, summary: a.summary, data: a.data, createdAt: now, acknowledgedAt: null };
}

/**
 * Newest first, for the UI. `before` is an alert id (keyset cursor: ids sort by time).
 * `unacknowledgedOnly` hides alerts someone has already seen.
 */
export function listAlerts(store: Store, opts: { limit?: number; before?: string; type?: string; unacknowledgedOnly?: boolean } = {}): AlertRow[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (opts.before) { where.push("id < ?"); params.push(opts.before); }
  if (opts.type) { where.push("type = ?"); params.push(opts.type); }
  if (opts.unacknowledgedOnly) where.push("acknowledged_at IS NULL");
  params.push(Math.min(Math.max(opts.limit ?? 50, 1), 500));
  const rows = store.sqlite.query<Raw, (string | number)[]>(`SELECT ${COLS} FROM alerts ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY id DESC LIMIT ?`).all(...params);
  return rows.map((r) => ({ ...r, data: safeJson(r.data) }));
}

export const countUnacknowledgedAlerts = (store: Store): number => stmts(store).unacked.get()?.n ?? 0;

/** Marks one alert (or, without an id, every open alert) as seen. Returns how many changed. */
export function acknowledgeAlerts(store: Store, now: number, id?: string): number {
  return id ? stmts(store).ack.run(id, now).changes : stmts(store).ackAll.run(now).changes;
}

/** When an alert of this type was last raised for a source (to keep source.rejecting to one per window). */
export const lastSourceAlertAt = (store: Store, type: string, sourceId: string): number | null => stmts(store).lastOf.get(type, sourceId)?.at ?? null;

function safeJson(s: string): Record<string, unknown> {
  try { return JSON.parse(s) as Record<string, unknown>; } catch { return {}; }
}
