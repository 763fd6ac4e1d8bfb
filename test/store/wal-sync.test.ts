// WalSync: hot-path commits at synchronous=NORMAL with the WAL fdatasynced off the main thread.
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { openStore, type Store } from "../../src/store/db";
import { WalSync, walSync } from "../../src/store/wal-sync";

const dirs: string[] = [];
const stores: Store[] = [];
function store(synchronous: "full" | "normal" | "extra"): Store {
  const dir = mkdtempSync(join(tmpdir(), "hookrelay-walsync-"));
  dirs.push(dir);
  const s = openStore({ path: join(dir, "db.sqlite"), synchronous });
  s.sqlite.run("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const level = (s: Store) => (s.sqlite.query("PRAGMA synchronous").get() as { synchronous: number }).synchronous;

describe("WalSync", () => {
  test("with synchronous=full a commit runs at NORMAL, the level is restored, and durable resolves after a WAL sync", async () => {
    const s = store("full");
    const w = new WalSync(s.sqlite);
    expect(w.deferred).toBe(true);
    let inside = -1;
    const { value, durable } = w.run(() => s.sqlite.transaction(() => {
      inside = level(s);
      return s.sqlite.query("INSERT INTO t (v) VALUES ('a') RETURNING id").get() as { id: number };
    }).immediate());
    expect(inside).toBe(1);
    expect(level(s)).toBe(2);
    expect(value.id).toBe(1);
    await durable;
    expect(w.stats).toEqual({ commits: 1, syncs: 1, failures: 0 });
    const other = new Database(s.path, { readonly: true });
    expect(other.query("SELECT v FROM t").all()).toEqual([{ v: "a" }]);
    other.close();
  });

  test("the WAL is synced through one descriptor kept for the connection, closed with the store", async () => {
    const s = store("full");
    const w = walSync(s.sqlite);
    const ins = s.sqlite.prepare("INSERT INTO t (v) VALUES (?)");
    const walFds = () => readdirSync("/proc/self/fd").filter((fd) => { try { return readlinkSync(`/proc/self/fd/${fd}`) === `${s.path}-wal`; } catch { return false; } }).length;
    const sqliteOwn = walFds(); // SQLite's own descriptor of the file
    for (let i = 0; i < 5; i++) await w.run(() => s.sqlite.transaction(() => ins.run(`v${i}`)).immediate()).durable;
    expect(w.stats.syncs).toBe(5);
    expect(walFds()).toBe(sqliteOwn + 1);
    s.close();
    stores.splice(stores.indexOf(s), 1);
    await w.close(); // the store's close started it; this awaits the same close
    // SQLite may keep its own descriptor a while (statements still open); ours is gone.
    expect(walFds()).toBeLessThanOrEqual(sqliteOwn);
  });

  test("commits made while a sync is running share the next sync instead of one each", async () => {
    const s = store("full");
    const w = new WalSync(s.sqlite);
    const ins = s.sqlite.prepare("INSERT INTO t (v) VALUES (?)");
    const all = Array.from({ length: 20 }, (_, i) => w.run(() => s.sqlite.transaction(() => ins.run(`v${i}`)).immediate()).durable);
    await Promise.all(all);
    expect(w.stats.commits).toBe(20);
    expect(w.stats.syncs).toBeLessThanOrEqual(2);
    expect(s.sqlite.query("SELECT count(*) AS n FROM t").get()).toEqual({ n: 20 });
  });

  test("a failing transaction rethrows and still restores the configured level", () => {
    const s = store("extra");
    const w = walSync(s.sqlite);
    expect(() => w.run(() => s.sqlite.transaction(() => { throw new Error("boom"); }).immediate())).toThrow("boom");
    expect(level(s)).toBe(3);
    expect(s.sqlite.inTransaction).toBe(false);
  });

  test("with synchronous=normal nothing is deferred and durable resolves without a sync", async () => {
    const s = store("normal");
    const w = walSync(s.sqlite);
    expect(w.deferred).toBe(false);
    await w.run(() => s.sqlite.run("INSERT INTO t (v) VALUES ('n')")).durable;
    expect(w.stats.syncs).toBe(0);
    expect(level(s)).toBe(1);
  });

  test("called inside an open transaction it leaves the level alone (SQLite refuses to change it there)", async () => {
    const s = store("full");
    const w = walSync(s.sqlite);
    const value = s.sqlite.transaction(() => w.run(() => s.sqlite.run("INSERT INTO t (v) VALUES ('x')")).value.changes).immediate();
    expect(value).toBe(1);
    expect(level(s)).toBe(2);
  });

  test("runDetached returns the value at once and syncs the WAL behind it without anyone waiting", async () => {
    const s = store("full");
    const w = walSync(s.sqlite);
    const changes = w.runDetached(() => s.sqlite.transaction(() => s.sqlite.run("INSERT INTO t (v) VALUES ('d')").changes).immediate());
    expect(changes).toBe(1);
    await w.sync();
    expect(w.stats.syncs).toBe(2);
    expect(w.stats.failures).toBe(0);
  });

  test("walSync returns one instance per store", () => {
    const s = store("full");
    expect(walSync(s.sqlite)).toBe(walSync(s.sqlite));
  });
});
