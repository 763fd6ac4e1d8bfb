// Whether the database can currently take writes: the last write (a commit through writeTx or the
// write batcher) and the last WAL sync each either succeeded or failed with a storage error (disk
// full, I/O error, read-only file). /readyz and /metrics read it; a later success of the same kind
// clears it. While failing, probe() makes a real write that needs new pages, so an idle server — one
// a load balancer stopped sending traffic to because /readyz said so — still notices space returning.
import type { Database } from "bun:sqlite";

export type StorageFailureKind = "write" | "sync";

export interface StorageFailure { kind: StorageFailureKind; code: string; at: number }

/** SQLite result codes (and errno codes from fsync) that mean the storage, not the statement, failed. */
const STORAGE_CODES = /^(SQLITE_(FULL|IOERR.*|CORRUPT.*|NOTADB|READONLY.*|CANTOPEN.*)|E(IO|NOSPC|DQUOT|ROFS))$/;

export function isStorageFailure(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === "string" && STORAGE_CODES.test(code);
}

export class StorageHealth {
  private failing: Partial<Record<StorageFailureKind, StorageFailure>> = {};
  /** Storage failures seen since start, by kind (metrics). */
  readonly failures: Record<StorageFailureKind, number> = { write: 0, sync: 0 };

  constructor(private sqlite: Database) {}

  /** Records a failure when `e` is a storage error (a constraint violation or SQLITE_BUSY is not). */
  failed(kind: StorageFailureKind, e: unknown): void {
    if (kind === "write" && !isStorageFailure(e)) return;
    this.failures[kind]++;
    const code = String((e as { code?: unknown })?.code ?? "unknown");
    this.failing[kind] = { kind, code, at: Date.now() };
  }

  succeeded(kind: StorageFailureKind): void {
    if (this.failing[kind]) this.failing[kind] = undefined;
  }

  /** The oldest failure not yet cleared by a success, or null when storage is fine. */
  get lastFailure(): StorageFailure | null {
    const all = Object.values(this.failing).filter((f): f is StorageFailure => !!f);
    return all.length ? all.reduce((a, b) => (a.at <= b.at ? a : b)) : null;
  }

  /**
   * While a write failure stands, tries one write that allocates pages (a 64 KiB row, removed in the
   * same transaction) and records its outcome. Nothing is written when storage is healthy.
   */
  probe(): void {
    if (!this.failing.write) return;
    try {
      this.sqlite.transaction(() => {
        this.sqlite.run("INSERT OR REPLACE INTO meta (key, value) VALUES ('storage_probe', ?)", ["p".repeat(64 * 1024)]);
        this.sqlite.run("DELETE FROM meta WHERE key = 'storage_probe'");
      }).immediate();
      this.succeeded("write");
    } catch (e) {
      this.failed("write", e);
    }
  }
}

const cache = new WeakMap<Database, StorageHealth>();

/** The storage health of a connection (one per connection, like WalSync). */
export function storageHealth(sqlite: Database): StorageHealth {
  let h = cache.get(sqlite);
  if (!h) { h = new StorageHealth(sqlite); cache.set(sqlite, h); }
  return h;
}
