/**
 * WAL checkpoints on a second thread. SQLite checkpoints inside the COMMIT that pushes the WAL past
 * `wal_autocheckpoint` frames: on the server's one JavaScript thread, that COMMIT then copies about a
 * thousand pages into the database file and waits for two fsyncs (measured: 9–35 ms, several times a
 * second at saturation), and every request and delivery waits with it.
 *
 * Here a worker with its own connection copies the frames (PASSIVE checkpoints, which take no lock a
 * writer needs) as soon as a thousand are waiting. The server's connection keeps a backstop of its
 * own at BACKSTOP_FRAMES: the WAL can only start over from its beginning when a writer finds every
 * frame copied, which a concurrent copier rarely achieves under steady writes, so the server's own
 * checkpoint (by then copying only the last few frames) keeps the file bounded. If the thread fails
 * or stops, the server's connection goes back to SQLite's default of 1,000 frames.
 */
import type { Database } from "bun:sqlite";
import { workerUrl } from "../lib/worker-url";
import type { FromCheckpointer, ToCheckpointer } from "./checkpoint-worker";
import type { Store } from "./db";
import { isWalFile } from "./wal-sync";

/** ctx.services key of the running Checkpointer (health, tests). */
export const CHECKPOINTER_SERVICE = "checkpointer";
/** SQLite's own wal_autocheckpoint default, used whenever the thread is not running. */
export const DEFAULT_AUTOCHECKPOINT = 1000;
/** The server connection's own checkpoint while the thread runs (64 MiB of 4 KiB pages). */
export const BACKSTOP_FRAMES = 16_000;

export interface CheckpointerOptions {
  /** Frames waiting in the WAL that start a checkpoint (default 1,000, like SQLite's). */
  frames?: number;
  /** How often the thread reads the WAL's frame count (one pread). */
  pollMs?: number;
  onError?: (what: string, error: string) => void;
  onReady?: () => void;
  /** After each checkpoint of the thread: frames copied in all (SQLite's count for the current WAL). */
  onCheckpoint?: (copied: number, ms: number) => void;
}

export interface Checkpointer {
  readonly stats: { checkpoints: number; framesCopied: number; failures: number };
  /** The thread reported its connection closed (set by stop(); false if it had to be terminated). */
  readonly closedCleanly: boolean;
  /** Resolves true once the thread runs, false if it could not start. */
  readonly ready: Promise<boolean>;
  /** Resolves after the thread's next checkpoint (tests). */
  nextCheckpoint(): Promise<void>;
  /** Stops the thread (after the checkpoint it is in, if any) and restores SQLite's default. */
  stop(): Promise<void>;
}

const setAutocheckpoint = (sqlite: Database, frames: number) => {
  try { sqlite.run(`PRAGMA wal_autocheckpoint = ${frames}`); } catch { /* closed: nothing left to checkpoint */ }
};

/** Starts the checkpoint thread for a WAL database file; null for anything else (nothing to do). */
export function startCheckpointer(store: Store, opts: CheckpointerOptions = {}, script = workerUrl("store/checkpoint-worker.ts")): Checkpointer | null {
  const sqlite = store.sqlite;
  if (!isWalFile(sqlite)) return null;
  const stats = { checkpoints: 0, framesCopied: 0, failures: 0 };
  const waiters: (() => void)[] = [];
  let running = false;
  let stopped: Promise<void> | null = null;
  let resolveReady: (ok: boolean) => void = () => {};
  const ready = new Promise<boolean>((r) => { resolveReady = r; });
  let onStopped = () => {};
  let closedCleanly = false;
  /** The worker itself failed (it will post nothing more). */
  let dead = false;
  // Unreferenced like the sender thread: the server keeps the process alive, never this thread.
  const worker = new Worker(script, { smol: true, ref: false } as WorkerOptions);

  const fallBack = (what: string, error: string) => {
    stats.failures++;
    if (running) setAutocheckpoint(sqlite, DEFAULT_AUTOCHECKPOINT);
    running = false;
    resolveReady(false);
    opts.onError?.(what, error);
    for (const w of waiters.splice(0)) w();
  };

  worker.onmessage = (event: MessageEvent<FromCheckpointer>) => {
    const m = event.data;
    if (m.type === "ready") {
      if (stopped) return;
      running = true;
      setAutocheckpoint(sqlite, BACKSTOP_FRAMES);
      resolveReady(true);
      opts.onReady?.();
    } else if (m.type === "checkpointed") {
      stats.checkpoints++;
      stats.framesCopied += m.copied;
      opts.onCheckpoint?.(m.copied, m.ms);
      for (const w of waiters.splice(0)) w();
    } else if (m.type === "failed") {
      if (m.fatal) fallBack("the checkpoint thread could not open the database; the server checkpoints itself", m.error);
      else { stats.failures++; opts.onError?.("a checkpoint on the checkpoint thread failed; the server's own checkpoint remains", m.error); }
    } else if (m.type === "stopped") {
      closedCleanly = true;
      onStopped();
    }
  };
  worker.onerror = (event) => {
    dead = true;
    fallBack("the checkpoint thread failed; the server checkpoints itself", event.message ?? "worker error");
    onStopped();
  };
  worker.postMessage({ type: "init", path: sqlite.filename, frames: opts.frames ?? DEFAULT_AUTOCHECKPOINT, pollMs: opts.pollMs ?? 10 } satisfies ToCheckpointer);

  return {
    stats,
    ready,
    get closedCleanly() { return closedCleanly; },
    nextCheckpoint: () => new Promise<void>((r) => waiters.push(r)),
    stop() {
      if (stopped) return stopped;
      stopped = new Promise<void>((resolve) => {
        // A checkpoint in progress finishes first (the worker is inside one synchronous call).
        const done = () => { clearTimeout(timer); worker.terminate(); resolve(); };
        const timer = setTimeout(done, 5_000);
        onStopped = done;
        if (dead) { done(); return; }
        worker.postMessage({ type: "stop" } satisfies ToCheckpointer);
      }).then(() => {
        if (running) setAutocheckpoint(sqlite, DEFAULT_AUTOCHECKPOINT);
        running = false;
        resolveReady(false);
        for (const w of waiters.splice(0)) w();
      });
      return stopped;
    },
  };
}
