// Retention: expires payloads and deletes old attempt records, finished messages, ingest logs,
// idempotency keys, sessions and alerts — in small batches (one short transaction each) so writers
// like ingest wait at most one batch. Statements are prepared once per store.
import type { Store } from "./db";
import { writeTx } from "./db";

export interface RetentionPolicy {
  /** Payloads (messages.payload) older than this are set to NULL, unless the message has its own payload_expires_at. */
  payloadMs: number;
  /** Attempts, finished messages (with their deliveries), ingest request logs and alerts older than this are deleted. */
  recordsMs: number;
  /** Idempotency keys older than this are deleted. */
  idempotencyMs: number;
}

export type PruneKind = "payloads" | "attempts" | "messages" | "ingest_requests" | "idempotency_keys" | "sessions" | "alerts";
export type PruneCounts = Record<PruneKind, number>;

export interface PruneOptions {
  batchSize?: number;
  /** Upper bound on batches per kind per run, so one run has a bounded duration; the rest waits for the next run. */
  maxBatches?: number;
  /** Called between batches; the job passes a macrotask yield so HTTP handlers run in between. */
  pause?: () => Promise<void>;
}

type Row = { r: number; c: number };

export function createPruner(store: Store) {
  const q = store.sqlite.query.bind(store.sqlite);
  // Explicit per-message expiry (payloadRetentionPeriod): the payload_expires_at index finds them.
  const dueExplicit = q<{ r: number; e: number }, [number, number, number]>(
    "SELECT rowid AS r, payload_expires_at AS e FROM messages WHERE payload_expires_at >= ?1 AND payload_expires_at <= ?2 AND payload IS NOT NULL ORDER BY payload_expires_at LIMIT ?3");
  // messages has no created_at index (it would cost every insert); rowid order is insertion order, so walk it with a cursor.
  const walkMessages = q<Row & { has: number; e: number | null }, [number, number]>(
    "SELECT rowid AS r, created_at AS c, payload IS NOT NULL AS has, payload_expires_at AS e FROM messages WHERE rowid > ?1 ORDER BY rowid LIMIT ?2");
  const walkFinished = q<Row & { busy: number }, [number, number]>(
    "SELECT m.rowid AS r, m.created_at AS c, EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.status IN ('pending', 'sending')) AS busy FROM messages m WHERE m.rowid > ?1 ORDER BY m.rowid LIMIT ?2");
  const maxRowid = q<{ m: number | null }, []>("SELECT max(rowid) AS m FROM messages");
  const nullPayload = q("UPDATE messages SET payload = NULL WHERE rowid = ?1");
  const deleteMessage = q("DELETE FROM messages WHERE rowid = ?1");
  const deleteOlder = (table: string, column: string) =>
    q<unknown, [number, number]>(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${column} < ?1 ORDER BY ${column} LIMIT ?2)`);
  // attempts has no created_at index (it would cost every attempt insert). Rowid order is insertion
  // order, and an attempt is inserted when it finishes, so created_at (its start) is in that order up to
  // one request's duration: delete the old rows among the oldest-inserted; a batch that keeps a younger
  // row stops the run, and the old rows behind it go once it is old too (at most one request later).
  const deleteOldAttempts = q<unknown, [number, number]>(
    "DELETE FROM attempts WHERE rowid IN (SELECT rowid FROM attempts ORDER BY rowid LIMIT ?2) AND created_at < ?1");
  const simple: [PruneKind, ReturnType<typeof deleteOlder>, (now: number, p: RetentionPolicy) => number][] = [
    ["attempts", deleteOldAttempts, (n, p) => n - p.recordsMs],
    ["ingest_requests", deleteOlder("ingest_requests", "created_at"), (n, p) => n - p.recordsMs],
    ["idempotency_keys", deleteOlder("idempotency_keys", "created_at"), (n, p) => n - p.idempotencyMs],
    ["sessions", deleteOlder("sessions", "expires_at"), (n) => n],
    ["alerts", deleteOlder("alerts", "created_at"), (n, p) => n - p.recordsMs],
  ];
  // Where the previous run's default-age payload walk stopped; everything before it is already expired.
  let payloadCursor = 0;
  let explicitCursor = 0;

  return {
    async run(now: number, policy: RetentionPolicy, opts: PruneOptions = {}): Promise<PruneCounts> {
      const batch = opts.batchSize ?? 500;
      const maxBatches = opts.maxBatches ?? 200;
      const pause = opts.pause ?? (() => Promise.resolve());
      const counts: PruneCounts = { payloads: 0, attempts: 0, messages: 0, ingest_requests: 0, idempotency_keys: 0, sessions: 0, alerts: 0 };

      for (let i = 0; i < maxBatches; i++) {
        const rows = dueExplicit.all(explicitCursor, now, batch);
        if (!rows.length) break;
        writeTx(store, () => { for (const r of rows) nullPayload.run(r.r); });
        counts.payloads += rows.length;
        explicitCursor = rows[rows.length - 1].e;
        await pause();
      }

      const payloadCutoff = now - policy.payloadMs;
      // Rowids restart when the table is emptied (say, every app deleted): then walk from the start again.
      if ((maxRowid.get()?.m ?? 0) < payloadCursor) payloadCursor = 0;
      for (let i = 0; i < maxBatches; i++) {
        const rows = walkMessages.all(payloadCursor, batch);
        const old = rows.filter((r) => r.c < payloadCutoff);
        const expire = old.filter((r) => r.has && r.e === null);
        if (expire.length) writeTx(store, () => { for (const r of expire) nullPayload.run(r.r); });
        counts.payloads += expire.length;
        if (old.length) payloadCursor = old[old.length - 1].r;
        if (old.length < rows.length || rows.length < batch) break;
        await pause();
      }

      // Finished messages go with their deliveries (cascade); ones still being delivered wait.
      const recordsCutoff = now - policy.recordsMs;
      let cursor = 0;
      for (let i = 0; i < maxBatches; i++) {
        const rows = walkFinished.all(cursor, batch);
        const old = rows.filter((r) => r.c < recordsCutoff);
        const gone = old.filter((r) => !r.busy);
        if (gone.length) writeTx(store, () => { for (const r of gone) deleteMessage.run(r.r); });
        counts.messages += gone.length;
        if (old.length) cursor = old[old.length - 1].r;
        if (old.length < rows.length || rows.length < batch) break;
        await pause();
      }

      for (const [kind, stmt, cutoff] of simple) {
        const before = cutoff(now, policy);
        for (let i = 0; i < maxBatches; i++) {
          const n = writeTx(store, () => stmt.run(before, batch).changes);
          counts[kind] += n;
          if (n < batch) break;
          await pause();
        }
      }
      return counts;
    },
  };
}

export type Pruner = ReturnType<typeof createPruner>;
