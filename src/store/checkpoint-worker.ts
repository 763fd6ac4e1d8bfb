// The checkpoint thread's entry point (checkpointer.ts owns it): a second connection to the same
// database that copies WAL frames into the database file, so that the copy and its fsyncs no
// longer stall the server's one JavaScript thread inside a COMMIT.
import { Database } from "bun:sqlite";
import { closeSync, openSync, readSync } from "node:fs";

export type ToCheckpointer = { type: "init"; path: string; frames: number; pollMs: number } | { type: "stop" };
export type FromCheckpointer =
  | { type: "ready" }
  | { type: "checkpointed"; copied: number; ms: number }
  | { type: "failed"; error: string; fatal: boolean }
  | { type: "stopped" };

let db: Database | null = null;
let timer: ReturnType<typeof setInterval> | null = null;
let shm = -1;
let threshold = 1000;
let failing = false;
const header = Buffer.alloc(104);
const post = (m: FromCheckpointer) => postMessage(m);

/**
 * Frames in the WAL not yet copied into the database, read from the wal-index (the -shm file, whose
 * layout is part of SQLite's documented file format): mxFrame at byte 16 of the index header,
 * nBackfill at byte 96 (after the header's two 48-byte copies). One pread, no lock: a torn read only
 * makes one poll early or late. Without the file, every poll checkpoints (a no-op when nothing waits).
 */
function pendingFrames(): number {
  if (shm < 0) return Number.POSITIVE_INFINITY;
  try {
    if (readSync(shm, header, 0, 104, 0) < 104) return 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
  return header.readUInt32LE(16) - header.readUInt32LE(96);
}

function poll(): void {
  if (!db || pendingFrames() < threshold) return;
  const t0 = performance.now();
  try {
    // PASSIVE takes no lock that the server's writes need and never waits: it copies what no reader
    // still needs, and SQLite syncs the WAL before and the database file after (synchronous=FULL).
    const r = db.query("PRAGMA wal_checkpoint(PASSIVE)").get() as { busy: number; log: number; checkpointed: number };
    failing = false;
    post({ type: "checkpointed", copied: Math.max(0, r.checkpointed), ms: performance.now() - t0 });
  } catch (e) {
    // Disk full or an I/O error: reported once per failing stretch; the server's own checkpoints remain.
    if (!failing) post({ type: "failed", error: e instanceof Error ? e.message : String(e), fatal: false });
    failing = true;
  }
}

function stop(): void {
  if (timer) clearInterval(timer);
  timer = null;
  try { db?.close(false); } catch { /* closing anyway */ }
  db = null;
  if (shm >= 0) { try { closeSync(shm); } catch { /* already closed */ } }
  shm = -1;
}

self.onmessage = (event: MessageEvent<ToCheckpointer>) => {
  const m = event.data;
  if (m.type === "stop") {
    stop();
    post({ type: "stopped" });
    return;
  }
  try {
    db = new Database(m.path, { readwrite: true, create: false });
    // Never wait in SQLite's busy handler: a checkpoint that cannot run now runs at the next poll.
    db.run("PRAGMA busy_timeout = 0");
    db.run("PRAGMA synchronous = FULL");
    threshold = m.frames;
    try { shm = openSync(`${m.path}-shm`, "r"); } catch { shm = -1; }
    timer = setInterval(poll, m.pollMs);
    post({ type: "ready" });
  } catch (e) {
    stop();
    post({ type: "failed", error: e instanceof Error ? e.message : String(e), fatal: true });
  }
};
