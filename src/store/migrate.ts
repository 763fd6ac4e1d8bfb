// Applies the migrations embedded from drizzle/ (see migrations.macro.ts), the same way
// drizzle's own migrator does, so the __drizzle_migrations rows match it exactly.
import type { Database } from "bun:sqlite";
import { embeddedMigrations } from "./migrations.macro" with { type: "macro" };
import type { EmbeddedMigration } from "./migrations.macro";

export const MIGRATIONS_TABLE = "__drizzle_migrations";

export function bundledMigrations(): EmbeddedMigration[] {
  return embeddedMigrations() as EmbeddedMigration[];
}

export interface MigrationStatus { applied: number; pending: EmbeddedMigration[]; newerThanBinary: boolean; lastAppliedAt: number | null }

export function migrationStatus(sqlite: Database, migrations = bundledMigrations()): MigrationStatus {
  sqlite.run(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)`);
  const rows = sqlite.query(`SELECT hash, created_at FROM ${MIGRATIONS_TABLE} ORDER BY created_at`).all() as { hash: string; created_at: number }[];
  const last = rows.length ? Number(rows[rows.length - 1].created_at) : null;
  const pending = migrations.filter((m) => last === null || m.folderMillis > last);
  const known = new Set(migrations.map((m) => m.folderMillis));
  const newerThanBinary = rows.some((r) => !known.has(Number(r.created_at)));
  return { applied: rows.length, pending, newerThanBinary, lastAppliedAt: last };
}

/** Applies pending migrations in one transaction; returns the tags applied. */
export function applyMigrations(sqlite: Database, migrations = bundledMigrations()): string[] {
  const { pending } = migrationStatus(sqlite, migrations);
  if (!pending.length) return [];
  sqlite.transaction(() => {
    for (const m of pending) {
      for (const stmt of m.sql) if (stmt.trim()) sqlite.run(stmt);
      sqlite.run(`INSERT INTO ${MIGRATIONS_TABLE} (hash, created_at) VALUES (?, ?)`, [m.hash, m.folderMillis]);
    }
  }).immediate();
  return pending.map((m) => m.tag);
}
