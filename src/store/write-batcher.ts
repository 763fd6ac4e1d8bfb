/**
 * Group commit: writes submitted in the same turn of the event loop share ONE transaction, so
 * with synchronous=FULL a burst pays one fsync instead of one per request. Each write runs in
 * its own SAVEPOINT, so one failing write (a duplicate eventId) rolls back alone. Callers'
 * promises settle only once their rows are durable: the COMMIT runs at synchronous=NORMAL and the
 * WAL is fdatasynced off the main thread (wal-sync.ts), so the event loop keeps parsing requests
 * (and the delivery engine keeps sending) while the disk syncs, instead of stalling ~3 ms per commit.
 * While a sync runs, new writes wait for it to finish and then commit together: one transaction
 * per disk sync, the largest batches the disk allows, and no extra latency (the next sync could
 * not start earlier anyway).
 *
 * bun:sqlite is synchronous: while a commit runs, new requests queue up in the socket, and
 * the next setImmediate flush picks them all up; batches grow with load without a timer.
 * An optional commit window (`--commit-window`) spaces commits further apart for moderate rates,
 * and ride() lets writes nobody waits for join the next commit instead of starting one.
 */
import type { Database } from "bun:sqlite";
import { walSync, type WalSync } from "./wal-sync";
import { txStatements } from "./db";
import { realTimers, type Timers } from "../lib/timers";
import { isStorageFailure, storageHealth, type StorageHealth } from "./storage-health";

interface Job {
  fn: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  /** Set when fn may run again after its transaction rolled back: undoes what fn did outside SQLite. */
  reset?: () => void;
}

/** After a batch needed its savepoints, this many commits use them before trying without again. */
const SAVEPOINT_COMMITS_AFTER_FAILURE = 100;

export interface WriteBatcherOptions {
  /** Upper bound of writes per transaction (keeps one commit's latency bounded). */
  maxBatch?: number;
  /**
   * Called after each commit that stored at least one write, with those writes' results (the
   * message API wakes the delivery engine only when one of them enqueued deliveries).
   */
  onCommit?: (results: unknown[]) => void;
  /**
   * Least time from one group commit to the next (0: commit at the next turn of the event loop).
   * At moderate rates each commit carries one or two writes and rewrites every page they touched;
   * a window makes commits fewer and larger, at up to this much more latency per write.
   */
  commitWindowMs?: number;
  /** The clock and timer behind the commit window and ride() (tests inject their own). */
  timers?: Timers;
}

/** A window shorter than this is not worth a timer: the next turn of the event loop is as soon. */
const MIN_TIMER_MS = 0.5;

export class WriteBatcher {
  private queue: Job[] = [];
  /** Writes waiting for the next group commit without starting one (ride). */
  private riders: Job[] = [];
  private riderTimer: unknown = null;
  /** When the last group transaction began (timers.now()), for the commit window. */
  private lastCommitAt = Number.NEGATIVE_INFINITY;
  private readonly timers: Timers;
  /** The commit window in force (WriteBatcherOptions.commitWindowMs). */
  readonly windowMs: number;
  private scheduled = false;
  /** Commits whose WAL sync has not finished; new writes wait while this is non-zero. */
  private syncing = 0;
  private closed = false;
  private readonly maxBatch: number;
  private stmts;
  private readonly sync: WalSync;
  /** Disk-full and I/O failures of group commits show in /readyz until a later commit succeeds. */
  private readonly health: StorageHealth;
  /** Counters for benchmarks and tests: transactions and writes committed. */
  stats = { commits: 0, writes: 0, largestBatch: 0 };
  /** Batches go without per-write savepoints once stats.commits reaches this (see transact). */
  private plainAfter = 0;

  constructor(private sqlite: Database, private opts: WriteBatcherOptions = {}) {
    this.maxBatch = opts.maxBatch ?? 2000;
    this.windowMs = Math.max(0, opts.commitWindowMs ?? 0);
    this.timers = opts.timers ?? realTimers;
    this.sync = walSync(sqlite);
    this.health = storageHealth(sqlite);
    this.stmts = {
      ...txStatements(sqlite),
      savepoint: sqlite.prepare("SAVEPOINT wb"),
      release: sqlite.prepare("RELEASE wb"),
      rollbackTo: sqlite.prepare("ROLLBACK TO wb"),
    };
  }

  /**
   * A group transaction is queued or its sync is running: a write added now rides in the next
   * group commit instead of needing a transaction of its own.
   */
  get busy(): boolean { return this.queue.length > 0 || this.syncing > 0; }

  /**
   * Runs `fn` inside the next group transaction; resolves with its result after COMMIT. With
   * `reset`, fn may run twice: a batch of such writes is first tried without a savepoint per write,
   * and only if one fails is it rolled back, reset, and run again with a savepoint each.
   */
  run<T>(fn: () => T, opts: { reset?: () => void } = {}): Promise<T> {
    const p = this.enqueue(this.queue, fn, opts.reset);
    this.schedule();
    return p;
  }

  /**
   * Like run(), but starts no transaction of its own: `fn` rides in the next group commit that a
   * run() starts, or in one of its own `maxWaitMs` from now. For writes nobody waits on (the
   * delivery engine's results): under a commit window, one transaction carrying the new messages
   * and the last results rewrites each page it touched once instead of twice.
   */
  ride<T>(fn: () => T, opts: { reset: () => void; maxWaitMs: number }): Promise<T> {
    const p = this.enqueue(this.riders, fn, opts.reset);
    if (!this.closed) {
      this.riderTimer ??= this.timers.setTimeout(() => {
        this.riderTimer = null;
        this.boardRiders();
        this.schedule();
      }, opts.maxWaitMs);
    }
    return p;
  }

  /** A job for `fn` on `list`, settled when its transaction is durable; refused once closed. */
  private enqueue<T>(list: Job[], fn: () => T, reset?: () => void): Promise<T> {
    if (this.closed) return Promise.reject(new Error("write batcher is closed"));
    return new Promise<T>((resolve, reject) => {
      list.push({ fn, resolve: resolve as (v: unknown) => void, reject, reset });
    });
  }

  /**
   * Arranges the next flush: at the next turn of the event loop, or once the commit window since the
   * last group transaction has passed. Nothing while a sync runs: its end calls this again.
   * `inline`: flush now if no window applies (the end of a sync, already on a later turn).
   */
  private schedule(inline = false): void {
    if (this.scheduled || this.syncing > 0 || this.queue.length === 0) return;
    const wait = this.lastCommitAt + this.windowMs - this.timers.now();
    if (inline && wait < MIN_TIMER_MS) { this.flush(); return; }
    this.scheduled = true;
    if (wait >= MIN_TIMER_MS) this.timers.setTimeout(() => this.flush(), wait);
    else setImmediate(() => this.flush());
  }

  /** Riders join the queue, ahead of it (they have waited longest). */
  private boardRiders(): void {
    if (this.riderTimer !== null) { this.timers.clearTimeout(this.riderTimer); this.riderTimer = null; }
    if (this.riders.length === 0) return;
    this.queue = this.riders.concat(this.queue);
    this.riders = [];
  }

  /** Commits whatever is queued now (shutdown, tests). */
  flush(): void {
    this.boardRiders();
    this.scheduled = false;
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.commitBatch(batch);
    }
  }

  /** Refuses new writes and commits the queued ones. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  private commitBatch(batch: Job[]): void {
    this.lastCommitAt = this.timers.now();
    const { value: results, durable } = this.sync.run(() => this.transact(batch));
    if (!results) return; // failed and rejected already
    const values = results.filter((r) => r.ok).map((r) => r.value);
    const stored = values.length;
    this.stats.commits++;
    this.stats.writes += stored;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    // Committed: readers (the delivery engine) may see the rows now; callers hear back once durable.
    if (stored > 0) this.opts.onCommit?.(values);
    this.syncing++;
    durable.then(
      () => batch.forEach((j, i) => (results[i].ok ? j.resolve(results[i].value) : j.reject(results[i].value))),
      (e) => { for (const j of batch) j.reject(e); },
    ).finally(() => {
      // The disk is free again: commit what queued up meanwhile (unless a flush is already due).
      if (--this.syncing === 0 && !this.closed) this.schedule(true);
    });
  }

  /**
   * Every write of the batch without a savepoint of its own: a SAVEPOINT and a RELEASE per write
   * were about 4–5 µs of the 25–30 µs a message insert costs (bench microbenchmark). Null when
   * something failed: the transaction is rolled back and every write reset, for the careful path.
   */
  private transactPlain(batch: Job[]): { ok: boolean; value: unknown }[] | null {
    const s = this.stmts;
    try {
      s.begin.run();
    } catch {
      return null; // the careful path reports it
    }
    try {
      const results = batch.map((j) => ({ ok: true, value: j.fn() }));
      s.commit.run();
      return results;
    } catch {
      if (this.sqlite.inTransaction) { try { s.rollback.run(); } catch { /* already rolled back */ } }
      for (const j of batch) j.reset!();
      this.plainAfter = this.stats.commits + SAVEPOINT_COMMITS_AFTER_FAILURE;
      return null;
    }
  }

  /** One group transaction; null when it failed as a whole (every job is rejected then). */
  private transact(batch: Job[]): { ok: boolean; value: unknown }[] | null {
    // A duplicate eventId is an ordinary answer (409), so batches with failures come in runs: after
    // one, writes keep their savepoints for a while instead of paying for every batch twice.
    if (this.stats.commits >= this.plainAfter && batch.every((j) => j.reset)) {
      const plain = this.transactPlain(batch);
      if (plain) { this.health.succeeded("write"); return plain; }
    }
    const results: { ok: boolean; value: unknown }[] = [];
    const s = this.stmts;
    try {
      // Another writer may have left a transaction open only through a bug; fail loudly then.
      s.begin.run();
    } catch (e) {
      this.health.failed("write", e);
      for (const j of batch) j.reject(e);
      return null;
    }
    try {
      for (const j of batch) {
        s.savepoint.run();
        try {
          results.push({ ok: true, value: j.fn() });
          s.release.run();
        } catch (e) {
          // SQLITE_FULL / IOERR can make SQLite roll back the WHOLE transaction itself: then there is
          // no savepoint left and every write of the batch is gone, so fail them all with the real
          // error (a 503 for disk-full) instead of "no such savepoint". (security/crash-safety hook)
          if (!this.sqlite.inTransaction) throw e;
          s.rollbackTo.run();
          s.release.run();
          // A write too big for the space left fails alone; the storage still counts as failing.
          this.health.failed("write", e);
          results.push({ ok: false, value: e });
        }
      }
      s.commit.run();
    } catch (e) {
      // The commit itself failed (disk full, I/O error): nothing of this batch is durable.
      if (this.sqlite.inTransaction) { try { s.rollback.run(); } catch { /* already rolled back */ } }
      this.health.failed("write", e);
      for (const j of batch) j.reject(e);
      return null;
    }
    // Something was stored and nothing hit the storage limit: space and I/O are back.
    if (results.some((r) => r.ok) && !results.some((r) => !r.ok && isStorageFailure(r.value))) this.health.succeeded("write");
    return results;
  }
}

const groupWriters = new WeakMap<Database, WriteBatcher>();

/**
 * The group writer other hot writers of this database may join (the message API's); the
 * delivery engine puts its results in that writer's next commit while one is due anyway.
 */
export function setGroupWriter(sqlite: Database, writer: WriteBatcher): void { groupWriters.set(sqlite, writer); }
export function groupWriterOf(sqlite: Database): WriteBatcher | null { return groupWriters.get(sqlite) ?? null; }
