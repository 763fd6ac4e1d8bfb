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
    const statementsOf = (tag: string) => readFileSync(join(DRIZZLE, `${tag}.sql`), "utf8").split("--> statement-breakpoint").map((s) => s.trim()).filter(Boolean);
    const statements = statementsOf(entry.tag);
    // What the migrations before this one created: a dropped index is undone by its last definition there.
    const earlier = journal.entries.filter((e) => e.when < entry.when).flatMap((e) => statementsOf(e.tag));
    db.transaction(() => {
      for (const stmt of statements.reverse()) db.run(undo(stmt, earlier));
      db.run("DELETE FROM __drizzle_migrations WHERE id = ?", [last.id]);
    })();
    return entry.tag;
  } finally {
    db.close();
  }
}

function undo(stmt: string, earlier: string[]): string {
  let m = /^DROP INDEX `(\w+)`/.exec(stmt);
  if (m) {
    const name = m[1];
    const created = earlier.filter((e) => new RegExp(`^CREATE (?:UNIQUE )?INDEX \`${name}\``).test(e)).at(-1);
    if (!created) throw new Error(`rollBackLastMigration: no earlier migration creates index ${name}`);
    return created.replace(/;$/, "");
  }
  m = /^CREATE TABLE `(\w+)`/.exec(stmt);
  if (m) return `DROP TABLE IF EXISTS \`${m[1]}\``;
  m = /^CREATE (?:UNIQUE )?INDEX `(\w+)`/.exec(stmt);
  if (m) return `DROP INDEX IF EXISTS \`${m[1]}\``;
  m = /^ALTER TABLE `(\w+)` ADD `(\w+)`/.exec(stmt);
  if (m) return `ALTER TABLE \`${m[1]}\` DROP COLUMN \`${m[2]}\``;
  throw new Error(`rollBackLastMigration cannot undo this statement yet; teach it: ${stmt.slice(0, 80)}`);
}
