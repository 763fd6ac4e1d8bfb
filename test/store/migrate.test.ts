import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { applyMigrations, bundledMigrations, migrationStatus } from "../../src/store/migrate";
import { openStore } from "../../src/store/db";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

describe("migrations", () => {
  test("the embedded migrations create every table on an empty database", () => {
    const db = new Database(":memory:");
    const applied = applyMigrations(db);
    expect(applied.length).toBe(bundledMigrations().length);
    const tables = (db.query("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map((r) => r.name);
    for (const t of ["applications", "endpoints", "messages", "deliveries", "attempts", "api_tokens", "users", "sources", "ingest_requests"]) expect(tables).toContain(t);
    expect(applyMigrations(db)).toEqual([]);
  });

  test("a newer binary applies only the migrations added since", () => {
    const db = new Database(":memory:");
    const base = bundledMigrations();
    applyMigrations(db, base);
    const later = { tag: "9999_add_note", sql: ["ALTER TABLE applications ADD COLUMN note text"], bps: true, folderMillis: base.at(-1)!.folderMillis + 1000, hash: "x" };
    expect(applyMigrations(db, [...base, later])).toEqual(["9999_add_note"]);
    const cols = (db.query("PRAGMA table_info(applications)").all() as { name: string }[]).map((c) => c.name);
    expect(cols).toContain("note");
    expect(migrationStatus(db, [...base, later]).pending).toEqual([]);
  });

  test("a database written by a newer binary is detected", () => {
    const db = new Database(":memory:");
    const base = bundledMigrations();
    const later = { tag: "9999_future", sql: ["CREATE TABLE future (x)"], bps: true, folderMillis: base.at(-1)!.folderMillis + 1000, hash: "y" };
    applyMigrations(db, [...base, later]);
    expect(migrationStatus(db, base).newerThanBinary).toBe(true);
  });

  test("the store opens with WAL, foreign keys, a busy timeout and the chosen synchronous mode", () => {
    const dir = mkdtempSync(join(tmpdir(), "hookrelay-db-"));
    const store = openStore({ path: join(dir, "x.db"), synchronous: "full" });
    const q = (p: string) => Object.values(store.sqlite.query(`PRAGMA ${p}`).get() as object)[0];
    expect(q("journal_mode")).toBe("wal");
    expect(q("foreign_keys")).toBe(1);
    expect(q("busy_timeout")).toBe(5000);
    expect(q("synchronous")).toBe(2);
    store.close();
  });
});
