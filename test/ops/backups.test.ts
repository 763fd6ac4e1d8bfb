import { describe, expect, test, afterAll } from "bun:test";
import { mkdtempSync, rmSync, readdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Database } from "bun:sqlite";
import { openStore } from "../../src/store/db";
import { applyMigrations, bundledMigrations, MIGRATIONS_TABLE } from "../../src/store/migrate";
import { createToken } from "../../src/store/tokens";
import { listBackups } from "../../src/store/backups";
import { createTestApp } from "../helpers/test-app";
import { spawnWatched } from "../helpers/process";

const root = resolve(import.meta.dir, "../..");
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const tempDir = () => { const d = mkdtempSync(join(tmpdir(), "hookrelay-bk-")); dirs.push(d); return d; };

/** A data dir whose database is one migration behind this binary, holding one API token. */
function olderDatabase(): string {
  const dir = tempDir();
  const all = bundledMigrations();
  expect(all.length).toBeGreaterThan(1);
  const store = openStore({ path: join(dir, "hookrelay.db") });
  applyMigrations(store.sqlite, all.slice(0, -1));
  createToken(store, "before-upgrade", Date.now());
  store.close();
  return dir;
}

describe("pre-migration backup", () => {
  test("starting a newer binary on an existing database copies it to backups/ before migrating", async () => {
    const dir = olderDatabase();
    const all = bundledMigrations();
    const t = await createTestApp({ env: { HOOKRELAY_DATA_DIR: dir }, start: false });
    try {
      const files = listBackups(dir);
      expect(files).toHaveLength(1);
      expect(files[0].kind).toBe("pre-migrate");
      expect(files[0].name).toStartWith(`pre-migrate-${all.at(-2)!.tag}-`);
      const copy = new Database(files[0].path, { readonly: true });
      expect((copy.query("SELECT name FROM api_tokens").get() as { name: string }).name).toBe("before-upgrade");
      expect((copy.query(`SELECT count(*) AS n FROM ${MIGRATIONS_TABLE}`).get() as { n: number }).n).toBe(all.length - 1);
      copy.close();
      expect(t.logs.some((l) => l.includes("backed up the database before migrating"))).toBe(true);
    } finally { await t.close(); }
  });

  test("a fresh database and an up-to-date one get no backup", async () => {
    const t = await createTestApp({ start: false });
    const dir = t.dataDir;
    dirs.push(dir);
    await t.app.stop(100);
    expect(existsSync(join(dir, "backups"))).toBe(false);
    const again = await createTestApp({ env: { HOOKRELAY_DATA_DIR: dir }, start: false });
    expect(existsSync(join(dir, "backups"))).toBe(false);
    await again.close();
  });

  test("hookrelay migrate also backs up first and says where", () => {
    const dir = olderDatabase();
    const r = Bun.spawnSync([process.execPath, "src/main.ts", "migrate", "--data-dir", dir], { cwd: root, stdout: "pipe", stderr: "pipe" });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.toString()).toContain(join(dir, "backups", "pre-migrate-"));
    expect(readdirSync(join(dir, "backups"))).toHaveLength(1);
  });
});

describe("downgrade refusal", () => {
  test("a real server process refuses a database written by a newer binary, exits 1 and leaves it untouched", async () => {
    const dir = tempDir();
    const store = openStore({ path: join(dir, "hookrelay.db") });
    applyMigrations(store.sqlite);
    const future = bundledMigrations().at(-1)!.folderMillis + 86_400_000;
    store.sqlite.run(`INSERT INTO ${MIGRATIONS_TABLE} (hash, created_at) VALUES ('from-the-future', ?)`, [future]);
    store.close();
    const p = spawnWatched([process.execPath, "src/main.ts", "serve", "--listen", "127.0.0.1:0", "--data-dir", dir], { cwd: root });
    const code = await p.proc.exited;
    expect(code).toBe(1);
    expect(p.lines.join("\n")).toContain("written by a newer hookrelay");
    expect(existsSync(join(dir, "backups"))).toBe(false);
    expect(existsSync(join(dir, "server.lock"))).toBe(false);
    const db = new Database(join(dir, "hookrelay.db"), { readonly: true });
    expect((db.query(`SELECT count(*) AS n FROM ${MIGRATIONS_TABLE}`).get() as { n: number }).n).toBe(bundledMigrations().length + 1);
    db.close();
  }, 30_000);
});

describe("scheduled backups", () => {
  test("--backup-interval backs up when due, keeps the newest --backup-keep, and survives a restart without repeating", async () => {
    const t = await createTestApp({ env: { HOOKRELAY_BACKUP_INTERVAL: "1h", HOOKRELAY_BACKUP_KEEP: "2" }, start: false });
    const dir = t.dataDir;
    dirs.push(dir);
    try {
      const sched = () => listBackups(dir).filter((b) => b.kind === "scheduled");
      await t.app.ctx.scheduler.tick();
      expect(sched()).toHaveLength(1);
      const first = sched()[0];
      expect(first.takenAt).toBe(t.clock.now());
      t.clock.advance(30 * 60_000);
      await t.app.ctx.scheduler.tick();
      expect(sched()).toHaveLength(1); // not due yet
      for (let i = 0; i < 3; i++) { t.clock.advance(60 * 60_000); await t.app.ctx.scheduler.tick(); }
      const kept = sched();
      expect(kept).toHaveLength(2);
      expect(kept[0].takenAt).toBe(t.clock.now());
      expect(kept.map((b) => b.name)).not.toContain(first.name);
      // The copy is a complete, valid database.
      const copy = new Database(kept[0].path, { readonly: true });
      expect((copy.query("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check).toBe("ok");
      expect((copy.query("SELECT count(*) AS n FROM api_tokens").get() as { n: number }).n).toBe(1);
      copy.close();
    } finally { await t.app.stop(100); }
    // A restart 10 minutes later does not take another copy: the schedule comes from the files.
    const again = await createTestApp({ env: { HOOKRELAY_DATA_DIR: dir, HOOKRELAY_BACKUP_INTERVAL: "1h", HOOKRELAY_BACKUP_KEEP: "2" }, start: false });
    try {
      again.clock.set(t.clock.now() + 10 * 60_000);
      await again.app.ctx.scheduler.tick();
      expect(listBackups(dir).filter((b) => b.kind === "scheduled")).toHaveLength(2);
    } finally { await again.close(); }
  });

  test("--backup-interval 0 (the default) registers no backup job", async () => {
    const t = await createTestApp({ start: false });
    try {
      t.clock.advance(7 * 86_400_000);
      await t.app.ctx.scheduler.tick();
      expect(listBackups(t.dataDir)).toHaveLength(0);
    } finally { await t.close(); }
  });
});
