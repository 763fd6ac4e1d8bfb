// Read-only queries behind /metrics and the source.rejecting alert. Counters are fed by walking
// new rows by rowid/seq since the previous scrape (index range, cost ∝ new rows); gauges use the
// (status, next_attempt_at) index. Nothing here scans a whole table.
import { statSync } from "node:fs";
import type { Store } from "./db";

export interface NewAttempt { r: number; success: number; status: number | null; errorClass: string | null; durationMs: number; createdAt: number; readyAt: number | null; inbound: number }
export interface NewIngest { seq: number; sourceType: string; status: string }

export function createOpsStats(store: Store) {
  const q = store.sqlite.query.bind(store.sqlite);
  const attemptsAfter = q<NewAttempt, [number, number]>(`SELECT a.rowid AS r, a.success, a.response_status AS status, a.error_class AS errorClass,
      a.duration_ms AS durationMs, a.created_at AS createdAt, max(m.created_at, coalesce(m.deliver_at, 0)) AS readyAt, m.source_id IS NOT NULL AS inbound
    FROM attempts a LEFT JOIN messages m ON m.id = a.message_id WHERE a.rowid > ?1 ORDER BY a.rowid LIMIT ?2`);
  const maxAttempt = q<{ m: number | null }, []>("SELECT max(rowid) AS m FROM attempts");
  const ingestAfter = q<NewIngest, [number, number]>(`SELECT r.seq, coalesce(s.type, 'unknown') AS sourceType, r.status
    FROM ingest_requests r LEFT JOIN sources s ON s.id = r.source_id WHERE r.seq > ?1 ORDER BY r.seq LIMIT ?2`);
  const maxIngest = q<{ m: number | null }, []>("SELECT max(seq) AS m FROM ingest_requests");
  const queueCounts = q<{ status: string; n: number }, []>("SELECT status, count(*) AS n FROM deliveries WHERE status IN ('pending', 'sending') GROUP BY status");
  const earliestPending = q<{ t: number | null }, []>("SELECT min(next_attempt_at) AS t FROM deliveries WHERE status = 'pending'");
  const disabledEndpoints = q<{ n: number }, []>("SELECT count(*) AS n FROM endpoints WHERE disabled = 1");
  const rejectingSources = q<{ sourceId: string; uid: string | null; name: string | null; n: number; last: number }, [number, number]>(`SELECT r.source_id AS sourceId,
      s.uid, s.name, count(*) AS n, max(r.created_at) AS last
    FROM ingest_requests r LEFT JOIN sources s ON s.id = r.source_id WHERE r.created_at > ?1 AND r.status = 'rejected' GROUP BY r.source_id HAVING count(*) >= ?2`);

  return {
    attemptsAfter: (rowid: number, limit: number) => attemptsAfter.all(rowid, limit),
    maxAttemptRowid: () => maxAttempt.get()?.m ?? 0,
    ingestAfter: (seq: number, limit: number) => ingestAfter.all(seq, limit),
    maxIngestSeq: () => maxIngest.get()?.m ?? 0,
    queue(now: number): { pending: number; sending: number; oldestDueAgeMs: number } {
      const c = Object.fromEntries(queueCounts.all().map((r) => [r.status, r.n]));
      const t = earliestPending.get()?.t ?? null;
      return { pending: c.pending ?? 0, sending: c.sending ?? 0, oldestDueAgeMs: t !== null && t < now ? now - t : 0 };
    },
    disabledEndpoints: () => disabledEndpoints.get()?.n ?? 0,
    /** Sources with at least `threshold` rejected requests since `since`. */
    rejectingSources: (since: number, threshold: number) => rejectingSources.all(since, threshold),
    /** Bytes of the database file and its WAL (0 when absent). */
    fileSizes(): { db: number; wal: number } {
      const size = (p: string) => { try { return statSync(p).size; } catch { return 0; } };
      return { db: size(store.path), wal: size(`${store.path}-wal`) };
    },
  };
}

export type OpsStats = ReturnType<typeof createOpsStats>;
