// Turns a database back into what an older binary left: the newest applied migration's row is
// deleted and its schema changes undone, read from its own drizzle/*.sql, so the tests that use
// this keep working as migrations are added.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Database } from "bun:sqlite";

const DRIZZLE = join(import.meta.dir, "../../drizzle");

/** Rolls back the newest applied migration of the database file; returns its tag. */
export function rollBackLastMigration(dbFile: string): string {
  const db = new Database(dbFile);
  try {
    const last = db.query("SELECT id, created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1").get() as { id: number; created_at: number };
    const journal = JSON.parse(readFileSync(join(DRIZZLE, "meta", "_journal.json"), "utf8")) as { entries: { tag: string; when: number }[] };
    const entry = journal.entries.find((e) => e.when === Number(last.created_at));
    if (!entry) throw new Error(`no drizzle/ migration has created_at ${last.created_at}`);
    const statements = readFileSync(join(DRIZZLE, `${entry.tag}.sql`), "utf8").split("--> statement-breakpoint").map((s) => s.trim()).filter(Boolean);
    db.transaction(() => {
      for (const stmt of statements.reverse()) db.run(undo(stmt));
      db.run("DELETE FROM __drizzle_migrations WHERE id = ?", [last.id]);
    })();
    return entry.tag;
  } finally {
    db.close();
  }
}

function undo(stmt: string): string {
  let m = /^CREATE TABLE `(\w+)`/.exec(stmt);
  if (m) return `DROP TABLE IF EXISTS \`${m[1]}\``;
  m = /^CREATE (?:UNIQUE )?INDEX `(\w+)`/.exec(stmt);
  if (m) return `DROP INDEX IF EXISTS \`${m[1]}\``;
  m = /^ALTER TABLE `(\w+)` ADD `(\w+)`/.exec(stmt);
  if (m) return `ALTER TABLE \`${m[1]}\` DROP COLUMN \`${m[2]}\``;
  throw new Error(`rollBackLastMigration cannot undo this statement yet; teach it: ${stmt.slice(0, 80)}`);
}
