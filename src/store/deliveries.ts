/**
 * The delivery queue: one `deliveries` row per (message, endpoint). Every statement here is
 * prepared once per store, because the engine runs them thousands of times a second.
 *
 * Row life: pending --claim--> sending --complete--> success | pending (retry) | failed.
 * A claimed row's next_attempt_at is set to its lease expiry, so the one due index
 * (status, next_attempt_at) finds both due pending rows and abandoned sending rows.
 */
import type { Store } from "./db";
import { writeTx } from "./db";
import { endpointCacheFor } from "./endpoint-cache";
import { walSync } from "./wal-sync";

export type DeliveryStatus = "pending" | "sending" | "success" | "failed";

export interface DueRow {
  id: number;
  messageId: string;
  endpointId: string;
  status: "pending" | "sending";
  attemptCount: number;
  manual: number;
  nextAttemptAt: number;
  lastStatusCode: number | null;
  createdAt: number;
}

export interface DeliveryEndpoint {
  id: string;
  appId: string | null;
  sourceId: string | null;
  url: string;
  disabled: number;
  throttleRate: number | null;
  maxInFlight: number | null;
  headers: string;
  secretEnc: string;
  previousSecrets: string;
  retrySchedule: string | null;
  timeoutMs: number | null;
  /** The application's `rateLimit` (deliveries per second across all its endpoints), or null. */
  appRateLimit: number | null;
}

export interface DeliveryMessage {
  id: string;
  appId: string | null;
  sourceId: string | null;
  eventType: string;
  payload: Uint8Array | null;
  contentType: string;
}

export interface Completion {
  id: number;
  leaseUntil: number;
  status: "success" | "pending" | "failed";
  nextAttemptAt: number | null;
  attemptedAt: number;
  statusCode: number | null;
}

const DUE_COLUMNS = `id, message_id AS messageId, endpoint_id AS endpointId, status, attempt_count AS attemptCount, manual,
  next_attempt_at AS nextAttemptAt, last_status_code AS lastStatusCode, created_at AS createdAt`;

function prepare(store: Store) {
  const q = store.sqlite;
  return {
    // Two single-status range scans, each in index order: no sort, no scan of finished rows.
    dueSending: q.query<DueRow, [number, number]>(`SELECT ${DUE_COLUMNS} FROM deliveries WHERE status = 'sending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?`),
    // Keyset on (next_attempt_at, id): the index order (rowid is its last column), so a scan can
    // resume where the previous one stopped instead of re-reading rows it already handled.
    duePending: q.query<DueRow, [number, number, number, number]>(`SELECT ${DUE_COLUMNS} FROM deliveries
      WHERE status = 'pending' AND next_attempt_at <= ?1 AND (next_attempt_at, id) > (?2, ?3) ORDER BY next_attempt_at, id LIMIT ?4`),
    pendingById: q.query<DueRow, [number]>(`SELECT ${DUE_COLUMNS} FROM deliveries WHERE id = ? AND status = 'pending'`),
    claim: q.query(`UPDATE deliveries SET status = 'sending', lease_until = ?1, next_attempt_at = ?1, updated_at = ?2 WHERE id = ?3 AND status = ?4 AND next_attempt_at = ?5`),
    defer: q.query(`UPDATE deliveries SET status = 'pending', next_attempt_at = ?1, lease_until = NULL, updated_at = ?2 WHERE id = ?3`),
    failUnsent: q.query(`UPDATE deliveries SET status = 'failed', next_attempt_at = NULL, lease_until = NULL, manual = 0, updated_at = ?1 WHERE id = ?2`),
    // Fenced by the lease: if a resend reset the row meanwhile, this attempt no longer owns it.
    complete: q.query(`UPDATE deliveries SET status = ?1, attempt_count = attempt_count + 1, next_attempt_at = ?2, lease_until = NULL,
      last_attempt_at = ?3, last_status_code = ?4, manual = 0, updated_at = ?5 WHERE id = ?6 AND status = 'sending' AND lease_until = ?7`),
    endpoint: q.query<DeliveryEndpoint, [string]>(`SELECT id, app_id AS appId, source_id AS sourceId, url, disabled, throttle_rate AS throttleRate,
      max_in_flight AS maxInFlight, headers, secret_enc AS secretEnc, previous_secrets AS previousSecrets, retry_schedule AS retrySchedule,
      timeout_ms AS timeoutMs, (SELECT rate_limit FROM applications a WHERE a.id = endpoints.app_id) AS appRateLimit FROM endpoints WHERE id = ?`),
    message: q.query<DeliveryMessage, [string]>(`SELECT id, app_id AS appId, source_id AS sourceId, event_type AS eventType, payload,
      content_type AS contentType FROM messages WHERE id = ?`),
    ingest: q.query<{ method: string; headers: string }, [string]>(`SELECT method, headers FROM ingest_requests WHERE id = ?`),
    health: q.query<{ failingSince: number | null; disabled: number }, [string]>(`SELECT failing_since AS failingSince, disabled FROM endpoints WHERE id = ?`),
    succeeded: q.query(`UPDATE endpoints SET last_success_at = ?1, failing_since = ?2 WHERE id = ?3`),
    failing: q.query(`UPDATE endpoints SET failing_since = ?1 WHERE id = ?2 AND failing_since IS NULL`),
    disable: q.query(`UPDATE endpoints SET disabled = 1, disabled_reason = ?1, updated_at = ?2 WHERE id = ?3 AND disabled = 0`),
  };
}

export type DeliveryQueue = ReturnType<typeof makeQueue>;

function makeQueue(store: Store) {
  const s = prepare(store);
  return {
    /**
     * The engine's cycle transaction. Its fsync runs off the main thread and nobody waits for it
     * (wal-sync.ts): a claim or result lost to a power cut only means the delivery is sent again,
     * which at-least-once allows, while a blocking FULL commit here cost 60 % of the relay's time.
     */
    transaction: <T>(fn: () => T): T => walSync(store.sqlite).runDetached(() => writeTx(store, fn)),
    /** Claims whose lease expired (their worker crashed or stalled). */
    dueExpired: (now: number, limit: number): DueRow[] => s.dueSending.all(now, limit),
    /** Due pending rows after the keyset position (at, id), in due order. */
    duePending: (now: number, after: { at: number; id: number }, limit: number): DueRow[] => s.duePending.all(now, after.at, after.id, limit),
    /** One row by id while it is pending (null once claimed, finished or deleted). */
    pendingRow: (id: number): DueRow | null => s.pendingById.get(id),
    claim: (row: DueRow, leaseUntil: number, now: number): boolean =>
      s.claim.run(leaseUntil, now, row.id, row.status, row.nextAttemptAt).changes > 0,
    defer: (id: number, until: number, now: number) => { s.defer.run(until, now, id); },
    failUnsent: (id: number, now: number) => { s.failUnsent.run(now, id); },
    complete: (c: Completion, now: number): boolean =>
      s.complete.run(c.status, c.nextAttemptAt, c.attemptedAt, c.statusCode, now, c.id, c.leaseUntil).changes > 0,
    endpoint: (id: string) => s.endpoint.get(id),
    message: (id: string) => s.message.get(id),
    ingestRequest: (id: string) => s.ingest.get(id),
    endpointHealth: (id: string) => s.health.get(id),
    /** Records a success; failingSince is the first failure after it in the same batch, or null. */
    endpointSucceeded: (id: string, at: number, failingSince: number | null) => { s.succeeded.run(at, failingSince, id); },
    /** Starts a failing period unless one is running; true when this call started it. */
    endpointFailing: (id: string, since: number): boolean => s.failing.run(since, id).changes > 0,
    /** True when this call disabled it (it was enabled). */
    disableEndpoint: (id: string, reason: string, now: number): boolean => s.disable.run(reason, now, id).changes > 0,
    /** Drops the application's cached fan-out list (after disabling one of its endpoints). */
    forgetFanout: (appId: string) => endpointCacheFor(store).invalidate(appId),
  };
}

const cache = new WeakMap<Store, DeliveryQueue>();

/** The prepared queue statements of a store (built once per store). */
export function deliveryQueue(store: Store): DeliveryQueue {
  let q = cache.get(store);
  if (!q) { q = makeQueue(store); cache.set(store, q); }
  return q;
}
