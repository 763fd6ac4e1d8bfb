// Endpoint health for the endpoint page: success rate and latency percentiles over its newest
// attempts (bounded: a busy endpoint's million attempts are never all read), and app listings.
import type { Store } from "./db";
import { idFloor } from "../lib/ids";

export interface EndpointHealth {
  /** Attempts looked at (the newest in the window, at most HEALTH_SAMPLE). */
  attempts: number;
  succeeded: number;
  failed: number;
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  lastSuccessAt: number | null;
  failingSince: number | null;
}

export interface AppListRow { id: string; uid: string | null; name: string; createdAt: number; endpoints: number }

/** Attempts sampled for the endpoint stats. */
export const HEALTH_SAMPLE = 10_000;

function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function prepare(store: Store) {
  const q = store.sqlite;
  return {
    sample: q.query<{ success: number; durationMs: number }, [string, string, number]>(
      "SELECT success, duration_ms AS durationMs FROM attempts WHERE endpoint_id = ? AND id >= ? ORDER BY id DESC LIMIT ?"),
    marks: q.query<{ lastSuccessAt: number | null; failingSince: number | null }, [string]>(
      "SELECT last_success_at AS lastSuccessAt, failing_since AS failingSince FROM endpoints WHERE id = ?"),
    failingMarks: q.query<{ id: string; failingSince: number | null }, [string]>(
      "SELECT id, failing_since AS failingSince FROM endpoints WHERE id IN (SELECT value FROM json_each(?))"),
    endpointCounts: q.query<{ appId: string; n: number }, [string]>(
      "SELECT app_id AS appId, count(*) AS n FROM endpoints WHERE app_id IN (SELECT value FROM json_each(?)) GROUP BY app_id"),
  };
}

export function createEndpointQueries(store: Store) {
  const s = prepare(store);
  return {
    /** Success rate and latency over the endpoint's newest attempts since `since`. */
    health(endpointId: string, since: number): EndpointHealth {
      const rows = s.sample.all(endpointId, idFloor("atmpt", since), HEALTH_SAMPLE);
      const succeeded = rows.reduce((n, r) => n + r.success, 0);
      const durations = rows.map((r) => r.durationMs).sort((a, b) => a - b);
      const marks = s.marks.get(endpointId);
      return {
        attempts: rows.length, succeeded, failed: rows.length - succeeded,
        successRate: rows.length ? succeeded / rows.length : null,
        p50Ms: percentile(durations, 0.5), p95Ms: percentile(durations, 0.95),
        lastSuccessAt: marks?.lastSuccessAt ?? null, failingSince: marks?.failingSince ?? null,
      };
    },

    /** failing_since (engine bookkeeping, not on EndpointRow) for a page of endpoints. */
    failingSince(ids: string[]): Map<string, number | null> {
      return new Map(ids.length ? s.failingMarks.all(JSON.stringify(ids)).map((r) => [r.id, r.failingSince]) : []);
    },

    /** Applications whose name or uid contains `text`, newest first, keyset by id, with endpoint counts. */
    searchApps(f: { text?: string; cursor?: string | null; limit: number }): { rows: AppListRow[]; next: string | null } {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (f.text) { where.push("(instr(lower(name), lower(?)) > 0 OR instr(lower(coalesce(uid, '')), lower(?)) > 0 OR id = ?)"); params.push(f.text, f.text, f.text); }
      if (f.cursor) { where.push("id < ?"); params.push(f.cursor); }
      const apps = store.sqlite.query<Omit<AppListRow, "endpoints">, (string | number)[]>(
        `SELECT id, uid, name, created_at AS createdAt FROM applications ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY id DESC LIMIT ${f.limit + 1}`,
      ).all(...params);
      const page = apps.slice(0, f.limit);
      const counts = new Map(s.endpointCounts.all(JSON.stringify(page.map((a) => a.id))).map((r) => [r.appId, r.n]));
      return { rows: page.map((a) => ({ ...a, endpoints: counts.get(a.id) ?? 0 })), next: apps.length > f.limit ? page[page.length - 1].id : null };
    },
  };
}

export type EndpointQueries = ReturnType<typeof createEndpointQueries>;
const cache = new WeakMap<Store, EndpointQueries>();
export function endpointQueriesFor(store: Store): EndpointQueries {
  let e = cache.get(store);
  if (!e) cache.set(store, (e = createEndpointQueries(store)));
  return e;
}
