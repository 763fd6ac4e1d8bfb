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
    // Guarded insert: the delivery (and so its endpoint) may have been deleted while the request
    // was in flight; a foreign-key failure would otherwise abort the whole group commit.
    insert: q.query(`INSERT INTO attempts (id, delivery_id, message_id, endpoint_id, attempt_number, trigger_type, url, request_headers,
      response_status, response_headers, response_body, duration_ms, error_class, error, success, created_at)
      SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16 WHERE EXISTS (SELECT 1 FROM deliveries WHERE id = ?2)`),
  };
}

const cache = new WeakMap<Store, ReturnType<typeof prepare>>();
const stmts = (store: Store) => {
  let s = cache.get(store);
  if (!s) { s = prepare(store); cache.set(store, s); }
  return s;
};

/** Inserts one attempt; false when its delivery no longer exists (nothing is written then). */
export function insertAttempt(store: Store, a: AttemptRecord): boolean {
  return stmts(store).insert.run(
    a.id, a.deliveryId, a.messageId, a.endpointId, a.attemptNumber, a.triggerType, a.url, a.requestHeaders,
    a.responseStatus, a.responseHeaders, a.responseBody, Math.round(a.durationMs), a.errorClass, a.error, a.success ? 1 : 0, a.createdAt,
  ).changes > 0;
}
