// The checkpoint thread: WAL frames copied into the database file by a second connection on a worker,
// with the server connection's own checkpoint as a backstop and SQLite's default restored on failure.
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { openStore, type Store } from "../../src/store/db";
import { BACKSTOP_FRAMES, DEFAULT_AUTOCHECKPOINT, startCheckpointer, type Checkpointer } from "../../src/store/checkpointer";

const dirs: string[] = [];
const stores: Store[] = [];
const running: Checkpointer[] = [];
function store(): Store {
  const dir = mkdtempSync(join(tmpdir(), "hookrelay-ckpt-"));
  dirs.push(dir);
  const s = openStore({ path: join(dir, "db.sqlite"), synchronous: "full" });
  s.sqlite.run("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB NOT NULL)");
  stores.push(s);
  return s;
}
function start(s: Store, opts: Parameters<typeof startCheckpointer>[1] = {}, script?: string): Checkpointer {
  const cp = script ? startCheckpointer(s, opts, script) : startCheckpointer(s, opts);
  if (!cp) throw new Error("no checkpointer for a WAL file");
  running.push(cp);
  return cp;
}
afterEach(async () => {
  for (const c of running.splice(0)) await c.stop();
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const autocheckpoint = (s: Store) => (s.sqlite.query("PRAGMA wal_autocheckpoint").get() as { wal_autocheckpoint: number }).wal_autocheckpoint;
/** Writes `pages` fresh 4 KiB pages through the WAL, one commit each (each row fills a page). */
function write(s: Store, pages: number): void {
  const row = new Uint8Array(3500);
  const ins = s.sqlite.prepare("INSERT INTO t (v) VALUES (?)");
  for (let i = 0; i < pages; i++) ins.run(row);
}
/** WAL frames written and frames already copied into the database, as SQLite reports them. */
const walState = (s: Store) => {
  const r = s.sqlite.query("PRAGMA wal_checkpoint(PASSIVE)").get() as { log: number; checkpointed: number };
  return r;
};

describe("checkpoint thread", () => {
  test("copies WAL frames into the database file once the threshold is waiting, while the server connection only keeps a backstop", async () => {
    const s = store();
    const cp = start(s, { frames: 50, pollMs: 5 });
    expect(await cp.ready).toBe(true);
    expect(autocheckpoint(s)).toBe(BACKSTOP_FRAMES);
    const copied = cp.nextCheckpoint();
    write(s, 120);
    await copied;
    expect(cp.stats.checkpoints).toBeGreaterThanOrEqual(1);
    expect(cp.stats.framesCopied).toBeGreaterThanOrEqual(50);
    // A second connection opened now reads every row, whether from the WAL or the database file.
    const other = new Database(s.sqlite.filename, { readonly: true });
    try {
      expect((other.query("SELECT count(*) AS n FROM t").get() as { n: number }).n).toBe(120);
    } finally { other.close(); }
  });

  test("waits for the threshold: no checkpoint of the thread copies fewer frames than that", async () => {
    const s = store();
    const seen: number[] = [];
    const cp = start(s, { frames: 100, pollMs: 1, onCheckpoint: (copied) => seen.push(copied) });
    expect(await cp.ready).toBe(true);
    // The thread polls in parallel with these writes: whenever it looked, it must have left fewer than
    // 100 waiting frames alone, so every checkpoint it made copied at least 100.
    const copied = cp.nextCheckpoint();
    for (let i = 0; i < 12; i++) write(s, 20);
    await copied;
    expect(seen.length).toBeGreaterThanOrEqual(1);
    for (const n of seen) expect(n).toBeGreaterThanOrEqual(100);
  });

  test("stopping restores SQLite's default checkpoint on the server connection", async () => {
    const s = store();
    const cp = start(s, { frames: 50 });
    expect(await cp.ready).toBe(true);
    await cp.stop();
    expect(cp.closedCleanly).toBe(true);
    expect(autocheckpoint(s)).toBe(DEFAULT_AUTOCHECKPOINT);
    await cp.stop(); // twice is a no-op
  });

  test("a thread that cannot open the database leaves the server connection at SQLite's default and reports it", async () => {
    const s = store();
    const errors: string[] = [];
    const bad = join(dirs[0], "missing", "worker.ts");
    const cp = start(s, { onError: (what) => errors.push(what) }, `file://${bad}`);
    expect(await cp.ready).toBe(false);
    expect(autocheckpoint(s)).toBe(DEFAULT_AUTOCHECKPOINT);
    expect(errors.length).toBe(1);
  });

  test("there is no thread for an in-memory database", () => {
    const s = openStore({ path: ":memory:" });
    try {
      expect(startCheckpointer(s)).toBeNull();
    } finally { s.close(); }
  });
});
