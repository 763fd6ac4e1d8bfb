/**
 * Durable commits that do not stall the event loop. bun:sqlite is synchronous: with
 * synchronous=FULL every COMMIT blocks the one JavaScript thread in fdatasync (about 3 ms on the
 * reference disk), during which no request is parsed and no delivery is sent. The profile of the
 * benchmark showed 30–65 % of the relay's time there.
 *
 * Instead, a hot-path writer commits with synchronous=NORMAL (the WAL frames are written, not
 * synced) and then fdatasyncs the -wal file on libuv's thread pool; its callers are answered only
 * once that sync has finished. A sync that STARTS after a commit makes that commit durable, which is
 * exactly what FULL does at COMMIT in WAL mode (NORMAL still syncs at checkpoints and when the WAL
 * is reused). One sync in flight serves every commit made before it started, so under load one
 * fdatasync covers many transactions and the next batch is being built while it runs.
 *
 * With synchronous=normal/off configured there is nothing to wait for: `durable` resolves at once.
 */
import { open, type FileHandle } from "node:fs/promises";
import type { Database } from "bun:sqlite";
import { storageHealth, type StorageHealth } from "./storage-health";

const RESOLVED = Promise.resolve();

export class WalSync {
  /** True when commits are synced off-thread (configured FULL or EXTRA on a WAL file database). */
  readonly deferred: boolean;
  private readonly level: number;
  private running = false;
  private waiting: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private readonly toNormal: string;
  private readonly toConfigured: string;
  /** Transactions committed through run() and fdatasync calls made (for tests and the benchmark). */
  readonly stats = { commits: 0, syncs: 0, failures: 0 };
  /** The last failed sync (an I/O error), for health checks; null when none failed. */
  lastError: unknown = null;

  private readonly walPath: string;
  private readonly health: StorageHealth;
  /** The -wal file, opened once: SQLite deletes it only when the last connection closes, and this one is open. */
  private wal: FileHandle | null = null;
  /** Set by close(); resolves once the kept descriptor is closed. */
  private closed: Promise<void> | null = null;
  private onClosed = () => {};

  constructor(private readonly sqlite: Database) {
    const q = sqlite;
    let all = instances.get(sqlite);
    if (!all) { all = new Set(); instances.set(sqlite, all); }
    all.add(this);
    this.health = storageHealth(sqlite);
    this.walPath = `${sqlite.filename}-wal`;
    this.level = (q.query("PRAGMA synchronous").get() as { synchronous: number }).synchronous;
    this.deferred = this.level >= 2 && isWalFile(sqlite);
    // Not prepared statements: SQLite applies this pragma when it compiles the statement, so a
    // prepared one re-run does not reliably switch the level. Compiling it costs microseconds.
    this.toNormal = "PRAGMA synchronous = NORMAL";
    this.toConfigured = `PRAGMA synchronous = ${this.level}`;
  }

  /**
   * Runs `commit`, which opens and commits its own transaction, without a blocking fsync.
   * `value` is its result; `durable` resolves once the commit is on disk (rejects if the sync fails).
   */
  run<T>(commit: () => T): { value: T; durable: Promise<void> } {
    // The safety level cannot change inside a transaction; a nested caller keeps the blocking commit.
    if (!this.deferred || this.sqlite.inTransaction) return { value: commit(), durable: RESOLVED };
    const q = this.sqlite;
    q.run(this.toNormal);
    let value: T;
    try { value = commit(); } finally { q.run(this.toConfigured); }
    this.stats.commits++;
    return { value, durable: this.sync() };
  }

  /**
   * run() for writers that answer nobody (the delivery engine's claims and attempt results): the
   * sync still happens, nobody waits for it; a failure is counted in stats and lastError.
   */
  runDetached<T>(commit: () => T): T {
    const { value, durable } = this.run(commit);
    durable.catch(() => {});
    return value;
  }

  /** Resolves after an fdatasync of the WAL that started after this call. */
  sync(): Promise<void> {
    if (!this.deferred) return RESOLVED;
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.pump();
    });
  }

  /**
   * fdatasync of the -wal file through a descriptor kept for the life of the connection (one
   * thread-pool hop per sync). A checkpoint truncates or rewrites the WAL in place, keeping the
   * inode, and the file is only deleted when the last connection closes, which this one is not
   * while it syncs. (A stat per sync to check the inode was 1.3 % of the relay's main thread.)
   */
  private async syncWal(): Promise<void> {
    if (!this.wal) {
      // Closed: the close checkpointed the WAL into the database, which SQLite synced.
      if (this.closed) return;
      try { this.wal = await open(this.walPath, "r"); openWals.add(this.wal); }
      catch (e) {
        // No WAL file yet: nothing was committed through it, so nothing needs syncing.
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
        throw e;
      }
    }
    await this.wal.datasync();
  }

  /** Closes the kept descriptor (the store is closing), after the sync running now, if any. */
  close(): Promise<void> {
    if (!this.closed) {
      this.closed = new Promise<void>((resolve) => { this.onClosed = resolve; });
      if (!this.running) this.closeWal();
    }
    return this.closed;
  }

  private closeWal(): void {
    const fh = this.wal;
    this.wal = null;
    const done = this.onClosed;
    if (!fh) { done(); return; }
    openWals.delete(fh);
    fh.close().catch(() => {}).finally(done);
  }

  private pump(): void {
    if (this.running || !this.waiting.length) return;
    this.running = true;
    const batch = this.waiting;
    this.waiting = [];
    void this.syncWal().then(
      () => { this.stats.syncs++; this.health.succeeded("sync"); for (const w of batch) w.resolve(); },
      (e) => { this.stats.failures++; this.lastError = e; this.health.failed("sync", e); for (const w of batch) w.reject(e); },
    ).finally(() => {
      this.running = false;
      this.pump();
      if (this.closed && !this.running) this.closeWal();
    });
  }
}

/** A database file (not in memory) in WAL mode: the only kind with a -wal file to sync or checkpoint. */
export function isWalFile(sqlite: Database): boolean {
  if (sqlite.filename === "" || sqlite.filename === ":memory:") return false;
  return (sqlite.query("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode === "wal";
}

const cache = new WeakMap<Database, WalSync>();
/**
 * Open descriptors, held strongly: a FileHandle collected while open is an error in Bun, and a
 * connection dropped without close() (a CLI command exiting) must not turn into one.
 */
const openWals = new Set<FileHandle>();
/** Every WalSync of a connection (tests build their own beside walSync's), closed with the store. */
const instances = new WeakMap<Database, Set<WalSync>>();

/** The WalSync of a connection (one per connection: the safety level is per connection). */
export function walSync(sqlite: Database): WalSync {
  let w = cache.get(sqlite);
  if (!w) { w = new WalSync(sqlite); cache.set(sqlite, w); }
  return w;
}

/** Closes the kept WAL descriptor of every WalSync of the connection (Store.close). */
export function closeWalSync(sqlite: Database): void {
  for (const w of instances.get(sqlite) ?? []) void w.close();
}
