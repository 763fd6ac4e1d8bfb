// Ingest-URL token → source, kept in memory: the lookup ran on every captured request and, being
// the first read after each group commit, cost 8 % of the inbound CPU profile once the fan-out was
// cached. Every source write goes through this store (the API, the UI, rotation) and empties the
// map at once, so a rotated token or a deleted source stops working immediately; the one-second
// lifetime only bounds what a future writer outside it would see.
import { TtlCache } from "../lib/ttl-cache";
import { SourceStore, type SourceFields, type SourceRow } from "../store/sources";

export class CachedSources extends SourceStore {
  private byToken = new TtlCache<string, SourceRow | null>(1000);

  override byIngestToken(token: string | null | undefined): SourceRow | null {
    if (typeof token !== "string") return null;
    // Misses are not kept: a token that is not (yet) valid is asked of the database every time.
    return this.byToken.get(token, (t) => super.byIngestToken(t), (row) => row !== null);
  }

  override create(id: string, f: SourceFields, tokens: { ingest: string; stream: string }, now: number): SourceRow {
    try { return super.create(id, f, tokens, now); } finally { this.byToken.forget(); }
  }

  override update(cur: SourceRow, f: SourceFields, now: number): SourceRow {
    try { return super.update(cur, f, now); } finally { this.byToken.forget(); }
  }

  override rotateIngestToken(id: string, token: string, now: number): void {
    try { super.rotateIngestToken(id, token, now); } finally { this.byToken.forget(); }
  }

  override rotateStreamToken(id: string, token: string, now: number): void {
    try { super.rotateStreamToken(id, token, now); } finally { this.byToken.forget(); }
  }

  override delete(id: string): void {
    try { super.delete(id); } finally { this.byToken.forget(); }
  }
}
