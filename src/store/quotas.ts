// Counts behind the resource quotas enforced in src/http/limits.ts (endpoints per app).
// The statement is prepared once per store: endpoint creation is not hot, but it is cheap to do right.
import type { Statement } from "bun:sqlite";
import type { Store } from "./db";

const endpointCounts = new WeakMap<Store, Statement<{ n: number }, [string]>>();

/** Endpoints an application has now (enabled or not: disabled ones still count). */
export function countAppEndpoints(store: Store, appId: string): number {
  let q = endpointCounts.get(store);
  if (!q) { q = store.sqlite.query<{ n: number }, [string]>("SELECT count(*) AS n FROM endpoints WHERE app_id = ?"); endpointCounts.set(store, q); }
  return q.get(appId)?.n ?? 0;
}
