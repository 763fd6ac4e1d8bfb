/**
 * @module store — the only code that touches bun:sqlite or drizzle.
 * Opens the database with explicit pragmas (bun:sqlite's defaults — rollback journal,
 * busy_timeout 0 — are wrong for a server) and hands out one connection per process.
 */
import { Database, type Statement } from "bun:sqlite";
import { drizzle, type BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import * as schema from "./schema";
import { storageHealth } from "./storage-health";
import { closeWalSync } from "./wal-sync";

export type SynchronousMode = "off" | "normal" | "full" | "extra";

export interface OpenOptions {
  path: string; // file path or ":memory:"
  synchronous?: SynchronousMode;
  readonly?: boolean;
  /** SQLite page cache of this connection, in bytes (SQLite's own default is about 2 MB). */
  cacheBytes?: number;
}

export interface Store {
  sqlite: Database;
  db: BunSQLiteDatabase<typeof schema>;
  path: string;
  close(): void;
}

export function openStore(opts: OpenOptions): Store {
  const sqlite = new Database(opts.path, opts.readonly ? { readonly: true, strict: true } : { create: true, strict: true });
  // busy_timeout first: the journal_mode switch itself may need to wait for another process.
  sqlite.run("PRAGMA busy_timeout = 5000");
  if (!opts.readonly) sqlite.run("PRAGMA journal_mode = WAL");
  sqlite.run(`PRAGMA synchronous = ${(opts.synchronous ?? "full").toUpperCase()}`);
  sqlite.run("PRAGMA foreign_keys = ON");
  sqlite.run("PRAGMA temp_store = MEMORY");
  // A negative cache_size is in KiB. Past a million stored messages the hot index pages no longer fit
  // 2 MiB and inserts re-read some from the OS (bench growth phase, quick pair: ingest CPU per event
  // +15 % with 1,000,000 stored at 2 MiB, +8 % at 16 MiB). The default stays at SQLite's own size
  // because every MiB of cache is a MiB of RSS (16 MiB put the backlog phase past 200 MB).
  if (opts.cacheBytes) sqlite.run(`PRAGMA cache_size = -${Math.max(1, Math.floor(opts.cacheBytes / 1024))}`);
  // Keeps the -wal file from growing without bound after a burst.
  sqlite.run("PRAGMA journal_size_limit = 67108864");
  const db = drizzle({ client: sqlite, schema });
  let closed = false;
  return {
    sqlite,
    db,
    path: opts.path,
    close() {
      if (closed) return;
      closed = true;
      try { sqlite.run("PRAGMA wal_checkpoint(TRUNCATE)"); } catch { /* read-only or busy: close still checkpoints */ }
      closeWalSync(sqlite);
      sqlite.close(false);
    },
  };
}

/**
 * Runs fn in a short BEGIN IMMEDIATE transaction: the write lock is taken up front, so no mid-transaction
 * SQLITE_BUSY. Its outcome feeds the storage health (/readyz): a disk-full or I/O failure marks storage
 * as failing, and the next commit that succeeds clears it.
 */
export function writeTx<T>(store: Store, fn: () => T): T {
  const q = store.sqlite;
  const health = storageHealth(q);
  let value: T;
  try {
    // Nested in another transaction: bun:sqlite's wrapper makes it a savepoint.
    if (q.inTransaction) value = q.transaction(fn).immediate();
    else {
      // Prepared once per connection: the wrapper built per call cost about 5 µs more per
      // transaction (microbenchmark), and the delivery engine runs up to a thousand a second.
      const s = txStatements(q);
      s.begin.run();
      try {
        value = fn();
        s.commit.run();
      } catch (e) {
        if (q.inTransaction) { try { s.rollback.run(); } catch { /* already rolled back */ } }
        throw e;
      }
    }
  } catch (e) {
    health.failed("write", e);
    throw e;
  }
  health.succeeded("write");
  return value;
}

const txCache = new WeakMap<Database, { begin: Statement; commit: Statement; rollback: Statement }>();
/** BEGIN IMMEDIATE, COMMIT and ROLLBACK of a connection, prepared once (writeTx, the group writer). */
export function txStatements(q: Database) {
  let s = txCache.get(q);
  if (!s) {
    s = { begin: q.prepare("BEGIN IMMEDIATE"), commit: q.prepare("COMMIT"), rollback: q.prepare("ROLLBACK") };
    txCache.set(q, s);
  }
  return s;
}
