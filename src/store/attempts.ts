/**
 * The write side of the attempt log: one row per HTTP attempt (or attempt that could not be
 * made), written by the delivery engine inside its group commit. The read side for the API is
 * attempt-log.ts. Request headers arrive already redacted; nothing here ever holds a secret.
 */
import type { Store } from "./db";

export interface AttemptRecord {
  id: string;
  deliveryId: number;
  messageId: string;
  endpointId: string;
  attemptNumber: number;
  /** 0 scheduled, 1 manual (resend/recover). */
  triggerType: 0 | 1;
  url: string;
  /** JSON object of the request headers, credentials and signatures redacted. */
  requestHeaders: string;
  responseStatus: number | null;
  /** JSON object. */
  responseHeaders: string | null;
  responseBody: string | null;
  durationMs: number;
  errorClass: string | null;
  error: string | null;
  success: boolean;
  createdAt: number;
}

function prepare(store: Store) {
  const q = store.sqlite;
  return {
    insert: q.query(`INSERT INTO attempts (id, delivery_id, message_id, endpoint_id, attempt_number, trigger_type, url, request_headers,
      response_status, response_headers, response_body, duration_ms, error_class, error, success, created_at)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)`),
  };
}

const cache = new WeakMap<Store, ReturnType<typeof prepare>>();
const stmts = (store: Store) => {
  let s = cache.get(store);
  if (!s) { s = prepare(store); cache.set(store, s); }
  return s;
};

/**
 * Inserts one attempt; false when its delivery no longer exists (deleted with its endpoint or
 * message while the request was in flight), and nothing is written then.
 *
 * The foreign key on delivery_id is the guard: SQLite undoes only the failing statement, so the
 * caller's group transaction goes on. An `INSERT … SELECT … WHERE EXISTS` guard cost 2.2–2.8 µs
 * more per attempt (bench microbenchmark), and the attempt insert is the costliest write of a
 * delivery.
 */
export function insertAttempt(store: Store, a: AttemptRecord): boolean {
  try {
    stmts(store).insert.run(
      a.id, a.deliveryId, a.messageId, a.endpointId, a.attemptNumber, a.triggerType, a.url, a.requestHeaders,
      a.responseStatus, a.responseHeaders, a.responseBody, Math.round(a.durationMs), a.errorClass, a.error, a.success ? 1 : 0, a.createdAt,
    );
    return true;
  } catch (e) {
    if ((e as { code?: unknown }).code === "SQLITE_CONSTRAINT_FOREIGNKEY") return false;
    throw e;
  }
}
