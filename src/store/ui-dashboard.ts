// Read-only aggregates behind the dashboard. Every query is an index range or a bounded scan:
// the hourly chart caches closed hours in memory, so a refresh only counts the open hour(s).
import type { Store } from "./db";
import { idFloor } from "../lib/ids";

export interface HourCount { start: number; ok: number; fail: number }

export interface FailingEndpointRow {
  id: string; appId: string | null; sourceId: string | null; ownerName: string | null; url: string;
  failingSince: number | null; failures: number; lastStatus: number | null; lastError: string | null;
}

export interface DisabledEndpointRow {
  id: string; appId: string | null; sourceId: string | null; ownerName: string | null; url: string; reason: string | null; disabledAt: number;
}

export interface RejectionRow { id: string; sourceId: string; sourceName: string; status: string; reason: string | null; method: string; createdAt: number }

const HOUR = 3_600_000;
/** An hour is final once attempts started in it can no longer be committed (lease + max timeout). */
const SETTLE_MS = 6 * 60_000;
/** Failure counts stop at this many per endpoint ("10,000+"): enough to rank, cheap to count. */
export const FAILURE_COUNT_CAP = 10_000;
/** Recent rejections are looked for among this many newest ingest requests. */
const REJECTION_LOOKBACK = 5_000;

function prepare(store: Store) {
  const q = store.sqlite;
  return {
    // An attempt's id is made from its start time or later (ids never go back), so attempts started at
    // or after ?2 have ids from the floor of ?2 on: a primary-key range, read once for every hour asked.
    // No upper id bound: an id can be far later than its start (a clock stepped back, or other ids made
    // from a later clock), and would then drop out of its hour.
    hourCounts: q.query<{ h: number; ok: number | null; n: number }, [string, number, number]>(
      "SELECT (created_at - ?2) / 3600000 AS h, sum(success) AS ok, count(*) AS n FROM attempts WHERE id >= ?1 AND created_at >= ?2 AND created_at < ?3 GROUP BY h"),
    failing: q.query<Omit<FailingEndpointRow, "failures" | "lastStatus" | "lastError">, [number]>(
      `SELECT e.id, e.app_id AS appId, e.source_id AS sourceId, coalesce(a.name, s.name) AS ownerName, e.url, e.failing_since AS failingSince
       FROM endpoints e LEFT JOIN applications a ON a.id = e.app_id LEFT JOIN sources s ON s.id = e.source_id
       WHERE e.failing_since IS NOT NULL AND e.disabled = 0 AND e.url NOT LIKE 'listen://%' ORDER BY e.failing_since LIMIT ?`),
    failures: q.query<{ n: number }, [string, string, number]>(
      "SELECT count(*) AS n FROM (SELECT 1 FROM attempts WHERE endpoint_id = ? AND id >= ? AND success = 0 LIMIT ?)"),
    lastAttempt: q.query<{ status: number | null; errorClass: string | null }, [string]>(
      "SELECT response_status AS status, error_class AS errorClass FROM attempts WHERE endpoint_id = ? ORDER BY id DESC LIMIT 1"),
    disabled: q.query<DisabledEndpointRow, [number]>(
      `SELECT e.id, e.app_id AS appId, e.source_id AS sourceId, coalesce(a.name, s.name) AS ownerName, e.url, e.disabled_reason AS reason, e.updated_at AS disabledAt
       FROM endpoints e LEFT JOIN applications a ON a.id = e.app_id LEFT JOIN sources s ON s.id = e.source_id
       WHERE e.disabled = 1 AND e.url NOT LIKE 'listen://%' ORDER BY e.updated_at DESC LIMIT ?`),
    rejections: q.query<RejectionRow, [number, number]>(
      `SELECT r.id, r.source_id AS sourceId, coalesce(s.name, r.source_id) AS sourceName, r.status, r.reason, r.method, r.created_at AS createdAt
       FROM (SELECT * FROM ingest_requests ORDER BY seq DESC LIMIT ?) r LEFT JOIN sources s ON s.id = r.source_id
       WHERE r.status = 'rejected' ORDER BY r.seq DESC LIMIT ?`),
  };
}

export type DashboardQueries = ReturnType<typeof createDashboardQueries>;

/** One per store: keeps prepared statements and the closed-hour cache. */
export function createDashboardQueries(store: Store) {
  const s = prepare(store);
  const closed = new Map<number, HourCount>();

  /** Counts for the hours from `from` up to (not including) `to`, in one read. */
  function countHours(from: number, to: number): Map<number, HourCount> {
    const out = new Map<number, HourCount>();
    for (const r of s.hourCounts.all(idFloor("atmpt", from), from, to)) {
      const ok = r.ok ?? 0;
      out.set(from + r.h * HOUR, { start: from + r.h * HOUR, ok, fail: r.n - ok });
    }
    return out;
  }

  return {
    /** Attempts per hour for the `hours` hours ending with the current one, oldest first. */
    hourly(now: number, hours = 24): HourCount[] {
      const current = Math.floor(now / HOUR) * HOUR;
      const out: HourCount[] = [];
      let firstOpen = current;
      for (let i = hours - 1; i >= 0; i--) if (!closed.has(current - i * HOUR)) { firstOpen = current - i * HOUR; break; }
      const fresh = countHours(firstOpen, current + HOUR);
      for (let i = hours - 1; i >= 0; i--) {
        const start = current - i * HOUR;
        const cached = closed.get(start);
        if (cached) { out.push(cached); continue; }
        const c = fresh.get(start) ?? { start, ok: 0, fail: 0 };
        if (start + HOUR + SETTLE_MS <= now) closed.set(start, c);
        out.push(c);
      }
      // Hours that left the window are never asked for again.
      for (const k of closed.keys()) if (k < current - hours * HOUR) closed.delete(k);
      return out;
    },

    failingEndpoints(now: number, limit = 10): FailingEndpointRow[] {
      const floor = idFloor("atmpt", now - 24 * HOUR);
      return s.failing.all(limit).map((e) => {
        const last = s.lastAttempt.get(e.id);
        return { ...e, failures: s.failures.get(e.id, floor, FAILURE_COUNT_CAP)?.n ?? 0, lastStatus: last?.status ?? null, lastError: last?.errorClass ?? null };
      });
    },

    disabledEndpoints: (limit = 10): DisabledEndpointRow[] => s.disabled.all(limit),

    recentRejections: (limit = 10): RejectionRow[] => s.rejections.all(REJECTION_LOOKBACK, limit),
  };
}

const cache = new WeakMap<Store, DashboardQueries>();
export function dashboardQueriesFor(store: Store): DashboardQueries {
  let d = cache.get(store);
  if (!d) cache.set(store, (d = createDashboardQueries(store)));
  return d;
}
