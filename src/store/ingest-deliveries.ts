// The forwarding side of captured requests: their deliveries and attempts (for the request log) and
// replay, which creates or resets deliveries rows for the engine to pick up.
import type { Store } from "./db";
import { writeTx } from "./db";
import { readJson } from "./json-column";
import { DELIVERIES_OF_MESSAGE } from "./attempt-log";

export interface DeliveryView {
  id: number;
  endpointId: string;
  url: string;
  status: string;
  attemptCount: number;
  nextAttemptAt: number | null;
  lastAttemptAt: number | null;
  lastStatusCode: number | null;
  createdAt: number;
}

export interface AttemptView {
  id: string;
  deliveryId: number;
  endpointId: string;
  attemptNumber: number;
  url: string;
  requestHeaders: Record<string, string>;
  responseStatus: number | null;
  responseBody: string | null;
  durationMs: number;
  errorClass: string | null;
  error: string | null;
  success: boolean;
  triggerType: number;
  createdAt: number;
}

export interface ReplayCandidate { id: string; seq: number; status: string }

export class IngestDeliveryStore {
  private deliveriesStmt;
  private attemptsStmt;
  private requeueStmt;

  constructor(private store: Store) {
    const q = store.sqlite;
    this.deliveriesStmt = q.query<DeliveryView, [string]>(`SELECT d.id, d.endpoint_id AS endpointId, e.url, d.status, d.attempt_count AS attemptCount,
      d.next_attempt_at AS nextAttemptAt, d.last_attempt_at AS lastAttemptAt, d.last_status_code AS lastStatusCode, d.created_at AS createdAt
      FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id WHERE d.message_id = ? ORDER BY d.id`);
    this.attemptsStmt = q.query<Omit<AttemptView, "requestHeaders" | "success"> & { requestHeaders: string; success: number }, [string]>(
      `SELECT id, delivery_id AS deliveryId, endpoint_id AS endpointId, attempt_number AS attemptNumber, url, request_headers AS requestHeaders,
      response_status AS responseStatus, response_body AS responseBody, duration_ms AS durationMs, error_class AS errorClass, error, success,
      trigger_type AS triggerType, created_at AS createdAt FROM attempts WHERE delivery_id IN (${DELIVERIES_OF_MESSAGE}) ORDER BY id`);
    // A delivery in flight is left alone: resetting it would send twice. A reset row is one manual try
    // (the engine never reschedules it); a new row gets the whole retry schedule.
    this.requeueStmt = q.query(`INSERT INTO deliveries (message_id, endpoint_id, status, attempt_count, next_attempt_at, manual, created_at, updated_at)
      VALUES (?, ?, 'pending', 0, ?, 0, ?, ?)
      ON CONFLICT(message_id, endpoint_id) DO UPDATE SET status = 'pending', next_attempt_at = excluded.next_attempt_at, manual = 1,
        lease_until = NULL, updated_at = excluded.updated_at WHERE deliveries.status <> 'sending'`);
  }

  deliveries(messageId: string): DeliveryView[] {
    return this.deliveriesStmt.all(messageId);
  }

  attempts(messageId: string): AttemptView[] {
    return this.attemptsStmt.all(messageId).map((a) => ({ ...a, requestHeaders: readJson(a.requestHeaders, {}), success: !!a.success }));
  }

  /** Queues each (message, endpoint) pair; returns how many rows were created or reset. */
  requeue(pairs: { messageId: string; endpointId: string }[], now: number): number {
    if (!pairs.length) return 0;
    return writeTx(this.store, () => {
      let n = 0;
      for (const p of pairs) n += this.requeueStmt.run(p.messageId, p.endpointId, now, now, now).changes;
      return n;
    });
  }

  /** Captured requests in a time range for bulk replay, in seq order after `afterSeq`. */
  candidates(sourceId: string, range: { since: number; until: number }, statuses: string[], afterSeq: number, limit: number): ReplayCandidate[] {
    return this.store.sqlite.query<ReplayCandidate, (string | number)[]>(
      `SELECT id, seq, status FROM ingest_requests WHERE source_id = ? AND created_at >= ? AND created_at < ? AND seq > ?
       AND status IN (${statuses.map(() => "?").join(", ")}) ORDER BY seq LIMIT ?`,
    ).all(sourceId, range.since, range.until, afterSeq, ...statuses, limit);
  }
}

const cache = new WeakMap<Store, IngestDeliveryStore>();
export function ingestDeliveryStoreFor(store: Store): IngestDeliveryStore {
  let s = cache.get(store);
  if (!s) cache.set(store, (s = new IngestDeliveryStore(store)));
  return s;
}
