// Storage health: which failures mark storage as failing (disk full, I/O), which do not (a duplicate
// key, a busy lock), and what clears them — on a real SQLite file filled with max_page_count.
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, writeTx, type Store } from "../../src/store/db";
import { WriteBatcher } from "../../src/store/write-batcher";
import { isStorageFailure, storageHealth } from "../../src/store/storage-health";

let dir = "";
let s: Store;
afterEach(() => { s?.close(); rmSync(dir, { recursive: true, force: true }); });

function open(): Store {
  dir = mkdtempSync(join(tmpdir(), "hookrelay-health-"));
  s = openStore({ path: join(dir, "db.sqlite"), synchronous: "normal" });
  s.sqlite.run("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB NOT NULL)");
  s.sqlite.run("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  return s;
}
const full = () => s.sqlite.run(`PRAGMA max_page_count = ${(s.sqlite.query("PRAGMA page_count").get() as { page_count: number }).page_count}`);
const roomy = () => s.sqlite.run("PRAGMA max_page_count = 4294967294");
const big = () => new Uint8Array(256 * 1024);

describe("storage health", () => {
  test("a disk-full commit through writeTx marks storage failing; the next commit that succeeds clears it", () => {
    const h = storageHealth(open().sqlite);
    full();
    expect(() => writeTx(s, () => s.sqlite.run("INSERT INTO t (v) VALUES (?)", [big()]))).toThrow();
    expect(h.lastFailure).toMatchObject({ kind: "write", code: "SQLITE_FULL" });
    expect(h.failures.write).toBe(1);
    roomy();
    writeTx(s, () => s.sqlite.run("INSERT INTO t (v) VALUES (?)", [big()]));
    expect(h.lastFailure).toBeNull();
  });

  test("a constraint violation is the statement's fault, not the storage's", () => {
    const h = storageHealth(open().sqlite);
    writeTx(s, () => s.sqlite.run("INSERT INTO t (id, v) VALUES (1, x'00')"));
    let err: unknown;
    try { writeTx(s, () => s.sqlite.run("INSERT INTO t (id, v) VALUES (1, x'00')")); } catch (e) { err = e; }
    expect(isStorageFailure(err)).toBe(false);
    expect(h.lastFailure).toBeNull();
    expect(h.failures.write).toBe(0);
  });

  test("a group commit whose write does not fit marks storage failing, and a later group commit clears it", async () => {
    const h = storageHealth(open().sqlite);
    const batcher = new WriteBatcher(s.sqlite);
    full();
    await expect(batcher.run(() => s.sqlite.run("INSERT INTO t (v) VALUES (?)", [big()]))).rejects.toMatchObject({ code: "SQLITE_FULL" });
    expect(h.lastFailure?.code).toBe("SQLITE_FULL");
    roomy();
    await batcher.run(() => s.sqlite.run("INSERT INTO t (v) VALUES (?)", [big()]));
    expect(h.lastFailure).toBeNull();
  });

  test("probe() writes nothing while healthy, fails while full, clears once space returns, and leaves no row", () => {
    const h = storageHealth(open().sqlite);
    const changes = () => (s.sqlite.query("SELECT total_changes() AS n").get() as { n: number }).n;
    const before = changes();
    h.probe();
    expect(changes()).toBe(before);
    full();
    expect(() => writeTx(s, () => s.sqlite.run("INSERT INTO t (v) VALUES (?)", [big()]))).toThrow();
    h.probe();
    expect(h.failures.write).toBe(2);
    expect(h.lastFailure).not.toBeNull();
    roomy();
    h.probe();
    expect(h.lastFailure).toBeNull();
    expect(s.sqlite.query("SELECT count(*) AS n FROM meta").get()).toEqual({ n: 0 });
  });

  test("writeTx rolls back everything its function wrote when it throws; nested, only the inner call's writes are undone", () => {
    open();
    const count = () => (s.sqlite.query("SELECT count(*) AS n FROM t").get() as { n: number }).n;
    expect(() => writeTx(s, () => { s.sqlite.run("INSERT INTO t (v) VALUES (x'00')"); throw new Error("boom"); })).toThrow("boom");
    expect(count()).toBe(0);
    expect(s.sqlite.inTransaction).toBe(false);
    writeTx(s, () => {
      s.sqlite.run("INSERT INTO t (v) VALUES (x'01')");
      expect(() => writeTx(s, () => { s.sqlite.run("INSERT INTO t (v) VALUES (x'02')"); throw new Error("inner"); })).toThrow("inner");
    });
    expect(s.sqlite.query("SELECT hex(v) AS v FROM t").all()).toEqual([{ v: "01" }]);
  });

  test("a failed WAL sync is cleared only by a sync that works, not by a commit", () => {
    const h = storageHealth(open().sqlite);
    h.failed("sync", Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO" }));
    writeTx(s, () => s.sqlite.run("INSERT INTO t (v) VALUES (x'00')"));
    expect(h.lastFailure).toMatchObject({ kind: "sync", code: "EIO" });
    h.succeeded("sync");
    expect(h.lastFailure).toBeNull();
  });
});
