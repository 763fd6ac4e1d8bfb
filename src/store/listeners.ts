// `hookrelay listen` sessions, server side. A listener is an endpoints row of the source with url
// `listen://<name>`: its deliveries and attempts are written here when the listener reports a result,
// never queued for the engine (status is final on insert, next_attempt_at NULL), so the same request log
// shows local deliveries. The listener's cursor is derived: its start point, then the newest request the
// local target answered (an unreachable target is retried, so those reports do not move the cursor).
import type { Store } from "./db";
import { writeTx } from "./db";
import { newId } from "../lib/ids";
import { readJson } from "./json-column";
import { LISTENER_URL_PREFIX } from "./source-endpoints";
import { insertAttempt } from "./attempts";

export interface ListenerRow { endpointId: string; sourceId: string; name: string; forwardUrl: string; startSeq: number; createdAt: number }

export interface ListenerAttempt {
  messageId: string;
  url: string;
  requestHeaders: Record<string, string>;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  durationMs: number;
  errorClass: string | null;
  error: string | null;
  now: number;
}

interface Raw { id: string; sourceId: string; url: string; description: string; metadata: string; createdAt: number }

export class ListenerStore {
  private find;
  private all;
  private insert;
  private touch;
  private acked;
  private upsertDelivery;
  private inSource;

  constructor(private store: Store) {
    const q = store.sqlite;
    const cols = "id, source_id AS sourceId, url, description, metadata, created_at AS createdAt";
    this.find = q.query<Raw, [string, string]>(`SELECT ${cols} FROM endpoints WHERE source_id = ? AND app_id IS NULL AND url = ?`);
    this.all = q.query<Raw, [string]>(`SELECT ${cols} FROM endpoints WHERE source_id = ? AND app_id IS NULL AND url LIKE '${LISTENER_URL_PREFIX}%' ORDER BY id`);
    this.insert = q.query(`INSERT INTO endpoints (id, app_id, source_id, url, description, metadata, secret_enc, created_at, updated_at)
      VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?)`);
    this.touch = q.query("UPDATE endpoints SET description = ?, updated_at = ? WHERE id = ?");
    this.acked = q.query<{ seq: number | null }, [string]>(
      `SELECT max(r.seq) AS seq FROM deliveries d JOIN ingest_requests r ON r.id = d.message_id
       WHERE d.endpoint_id = ? AND (d.status = 'success' OR d.last_status_code IS NOT NULL)`);
    this.inSource = q.query<{ n: number }, [string, string]>("SELECT count(*) AS n FROM ingest_requests WHERE id = ? AND source_id = ?");
    this.upsertDelivery = q.query<{ id: number; attemptCount: number }, any[]>(`INSERT INTO deliveries (message_id, endpoint_id, status, attempt_count,
      next_attempt_at, last_attempt_at, last_status_code, manual, created_at, updated_at) VALUES (?, ?, ?, 1, NULL, ?, ?, 0, ?, ?)
      ON CONFLICT(message_id, endpoint_id) DO UPDATE SET status = excluded.status, attempt_count = deliveries.attempt_count + 1,
        last_attempt_at = excluded.last_attempt_at, last_status_code = excluded.last_status_code, updated_at = excluded.updated_at
      RETURNING id, attempt_count AS attemptCount`);
  }

  private toRow(r: Raw): ListenerRow {
    const meta = readJson<Record<string, string>>(r.metadata, {});
    return { endpointId: r.id, sourceId: r.sourceId, name: r.url.slice(LISTENER_URL_PREFIX.length), forwardUrl: meta.forwardUrl ?? "", startSeq: Number(meta.startSeq ?? 0), createdAt: r.createdAt };
  }

  get(sourceId: string, name: string): ListenerRow | null {
    const r = this.find.get(sourceId, LISTENER_URL_PREFIX + name);
    return r ? this.toRow(r) : null;
  }

  list(sourceId: string): ListenerRow[] {
    return this.all.all(sourceId).map((r) => this.toRow(r));
  }

  /** Registers (or refreshes) a listener; a new one starts at `headSeq`, so it gets what arrives from now on. */
  ensure(sourceId: string, name: string, forwardUrl: string, headSeq: number, secretEnc: string, now: number): ListenerRow {
    return writeTx(this.store, () => {
      const cur = this.get(sourceId, name);
      const description = `hookrelay listen → ${forwardUrl}`;
      if (cur) { this.touch.run(description, now, cur.endpointId); return { ...cur, forwardUrl }; }
      const id = newId("ep", now);
      this.insert.run(id, sourceId, LISTENER_URL_PREFIX + name, description, JSON.stringify({ forwardUrl, startSeq: String(headSeq) }), secretEnc, now, now);
      return { endpointId: id, sourceId, name, forwardUrl, startSeq: headSeq, createdAt: now };
    });
  }

  cursor(l: ListenerRow): number {
    return Math.max(l.startSeq, this.acked.get(l.endpointId)?.seq ?? 0);
  }

  belongs(messageId: string, sourceId: string): boolean {
    return (this.inSource.get(messageId, sourceId)?.n ?? 0) > 0;
  }

  /** Records one local delivery as a final delivery state plus an attempt row, atomically. */
  record(l: ListenerRow, a: ListenerAttempt): { attemptId: string; attemptNumber: number } {
    const success = a.errorClass === null && a.responseStatus !== null && a.responseStatus >= 200 && a.responseStatus < 300;
    return writeTx(this.store, () => {
      const d = this.upsertDelivery.get(a.messageId, l.endpointId, success ? "success" : "failed", a.now, a.responseStatus, a.now, a.now)!;
      const attemptId = newId("atmpt", a.now);
      insertAttempt(this.store, {
        id: attemptId, deliveryId: d.id, messageId: a.messageId, endpointId: l.endpointId, attemptNumber: d.attemptCount, triggerType: 0,
        url: a.url, requestHeaders: JSON.stringify(a.requestHeaders), responseStatus: a.responseStatus,
        responseHeaders: a.responseHeaders ? JSON.stringify(a.responseHeaders) : null, responseBody: a.responseBody, durationMs: a.durationMs,
        errorClass: a.errorClass, error: a.error, success, createdAt: a.now,
      });
      return { attemptId, attemptNumber: d.attemptCount };
    });
  }

  remove(l: ListenerRow): void {
    this.store.sqlite.run("DELETE FROM endpoints WHERE id = ?", [l.endpointId]);
  }
}

const cache = new WeakMap<Store, ListenerStore>();
export function listenerStoreFor(store: Store): ListenerStore {
  let s = cache.get(store);
  if (!s) cache.set(store, (s = new ListenerStore(store)));
  return s;
}
