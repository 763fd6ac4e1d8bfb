// Small per-source facts for the sources list: when the last request came in and how many
// forwarding endpoints each has. One indexed lookup per source on the page.
import type { Store } from "./db";

export interface SourceActivity { lastAt: number | null; lastStatus: string | null; endpoints: number }

function prepare(store: Store) {
  const q = store.sqlite;
  return {
    last: q.query<{ at: number; status: string }, [string]>(
      "SELECT created_at AS at, status FROM ingest_requests WHERE source_id = ? ORDER BY seq DESC LIMIT 1"),
    endpoints: q.query<{ n: number }, [string]>(
      "SELECT count(*) AS n FROM endpoints WHERE source_id = ? AND app_id IS NULL AND url NOT LIKE 'listen://%'"),
  };
}

const cache = new WeakMap<Store, ReturnType<typeof prepare>>();

export function sourceActivity(store: Store, sourceIds: string[]): Map<string, SourceActivity> {
  let s = cache.get(store);
  if (!s) cache.set(store, (s = prepare(store)));
  const out = new Map<string, SourceActivity>();
  for (const id of sourceIds) {
    const last = s.last.get(id);
    out.set(id, { lastAt: last?.at ?? null, lastStatus: last?.status ?? null, endpoints: s.endpoints.get(id)?.n ?? 0 });
  }
  return out;
}
