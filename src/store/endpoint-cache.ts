// The fan-out view of each application's endpoints, kept in memory so that creating a message
// costs no endpoint query. Endpoint writes in this process invalidate it; a short TTL bounds
// staleness for writers that forget (the engine should call invalidate() when it disables one).
import type { Store } from "./db";
import { readJson } from "./json-column";

export interface FanoutEndpoint {
  id: string;
  disabled: boolean;
  createdAt: number;
  /** null = every event type. */
  filterTypes: Set<string> | null;
  /** null = every message; otherwise the message must carry one of these channels. */
  channels: Set<string> | null;
}

const TTL_MS = 1000;

export class EndpointCache {
  private entries = new Map<string, { at: number; endpoints: FanoutEndpoint[] }>();
  private load;

  constructor(store: Store) {
    this.load = store.sqlite.query<{ id: string; disabled: number; createdAt: number; filterTypes: string | null; channels: string | null }, [string]>(
      "SELECT id, disabled, created_at AS createdAt, filter_types AS filterTypes, channels FROM endpoints WHERE app_id = ? ORDER BY id");
  }

  get(appId: string): FanoutEndpoint[] {
    const now = performance.now();
    const hit = this.entries.get(appId);
    if (hit && now - hit.at < TTL_MS) return hit.endpoints;
    const endpoints = this.load.all(appId).map((r) => ({
      id: r.id,
      disabled: !!r.disabled,
      createdAt: r.createdAt,
      filterTypes: toSet(r.filterTypes),
      channels: toSet(r.channels),
    }));
    this.entries.set(appId, { at: now, endpoints });
    return endpoints;
  }

  /** Drops one application's entry, or all of them. */
  invalidate(appId?: string): void {
    if (appId === undefined) this.entries.clear();
    else this.entries.delete(appId);
  }
}

function toSet(text: string | null): Set<string> | null {
  const a = readJson<string[] | null>(text, null);
  return Array.isArray(a) ? new Set(a) : null;
}

/** Svix's fan-out rule: the event type passes the filter, and channels (when the endpoint has any) intersect. */
export function endpointWants(ep: FanoutEndpoint, eventType: string, channels: readonly string[] | null): boolean {
  if (ep.filterTypes && !ep.filterTypes.has(eventType)) return false;
  if (ep.channels) {
    if (!channels || !channels.some((c) => ep.channels!.has(c))) return false;
  }
  return true;
}

const caches = new WeakMap<Store, EndpointCache>();
/** One cache per open store, shared by the API and the delivery engine. */
export function endpointCacheFor(store: Store): EndpointCache {
  let c = caches.get(store);
  if (!c) { c = new EndpointCache(store); caches.set(store, c); }
  return c;
}
