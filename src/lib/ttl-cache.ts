// A small read-through cache whose entries expire after a fixed time and that never grows past a
// fixed size (it is emptied when full). The in-process caches of rows that every write in this
// process invalidates use it; the lifetime only bounds what a writer elsewhere would leave stale.

export class TtlCache<K, V> {
  private entries = new Map<K, { at: number; value: V }>();

  constructor(private ttlMs: number, private maxEntries = 10_000, private now: () => number = () => performance.now()) {}

  /** The cached value, or `load(key)`'s (kept unless `keep` says no, e.g. for a miss). */
  get(key: K, load: (key: K) => V, keep: (value: V) => boolean = () => true): V {
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && t - hit.at < this.ttlMs) return hit.value;
    const value = load(key);
    if (!keep(value)) { this.entries.delete(key); return value; }
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { at: t, value });
    return value;
  }

  /** Drops one entry, or all of them. */
  forget(key?: K): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }
}
