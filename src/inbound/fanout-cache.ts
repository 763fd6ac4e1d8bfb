// The ingest fan-out (which endpoints a source forwards to, with their filters) kept in memory:
// reading it from SQLite on every captured request cost 65-110 µs in the relay under load (12 % of
// the inbound CPU profile), more than the rest of the pipeline before the commit. Every endpoint
// write in this process goes through this store and drops the source's entry at once; an endpoint
// the delivery engine disables is dropped through its endpoint.disabled event (src/http/ingest/index.ts);
// the one-second lifetime bounds anything else (another process), as EndpointCache does for apps.
import { TtlCache } from "../lib/ttl-cache";
import { SourceEndpointStore, type FanoutTarget, type SourceEndpointFields, type SourceEndpointRow } from "../store/source-endpoints";

export class CachedSourceEndpoints extends SourceEndpointStore {
  private targets = new TtlCache<string, FanoutTarget[]>(1000);

  override fanout(sourceId: string): FanoutTarget[] {
    return this.targets.get(sourceId, (id) => super.fanout(id));
  }

  /** Drops one source's entry, or all of them. */
  forgetFanout(sourceId?: string): void {
    this.targets.forget(sourceId);
  }

  override create(sourceId: string, f: SourceEndpointFields, secret: string, now: number): SourceEndpointRow {
    try { return super.create(sourceId, f, secret, now); } finally { this.forgetFanout(sourceId); }
  }

  override update(cur: SourceEndpointRow, f: SourceEndpointFields, now: number): SourceEndpointRow {
    try { return super.update(cur, f, now); } finally { this.forgetFanout(cur.sourceId); }
  }

  override delete(ep: SourceEndpointRow): void {
    try { super.delete(ep); } finally { this.forgetFanout(ep.sourceId); }
  }
}
