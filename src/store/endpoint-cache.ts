// The fan-out view of each application's endpoints, kept in memory so that creating a message
// costs no endpoint query. Endpoint writes in this process invalidate it; a short TTL bounds
// staleness for writers that forget (the engine should call invalidate() when it disables one).
import type { Store } from "./db";
import { TtlCache } from "../lib/ttl-cache";
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

export class EndpointCache {
  private entries = new TtlCache<string, FanoutEndpoint[]>(1000);
  private load;

  constructor(store: Store) {
    this.load = store.sqlite.query<{ id: string; disabled: number; createdAt: number; filterTypes: string | null; channels: string | null }, [string]>(
      "SELECT id, disabled, created_at AS createdAt, filter_types AS filterTypes, channels FROM endpoints WHERE app_id = ? ORDER BY id");
  }

  get(appId: string): FanoutEndpoint[] {
    return this.entries.get(appId, (id) => this.load.all(id).map((r) => ({
      id: r.id,
      disabled: !!r.disabled,
      createdAt: r.createdAt,
      filterTypes: toSet(r.filterTypes),
      channels: toSet(r.channels),
    })));
  }

  /** Drops one application's entry, or all of them. */
  invalidate(appId?: string): void {
    this.entries.forget(appId);
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
