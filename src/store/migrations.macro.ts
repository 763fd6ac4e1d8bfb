// Runs at bundle time (imported `with { type: "macro" }`): inlines drizzle/ into the code,
// so the compiled binary needs no migration files beside it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";

export interface EmbeddedMigration { tag: string; sql: string[]; bps: boolean; folderMillis: number; hash: string }

export function embeddedMigrations(): EmbeddedMigration[] {
  const dir = join(import.meta.dir, "..", "..", "drizzle");
  const journal = JSON.parse(readFileSync(join(dir, "meta", "_journal.json"), "utf8"));
  return journal.entries.map((e: { tag: string; when: number; breakpoints: boolean }) => {
    const query = readFileSync(join(dir, `${e.tag}.sql`), "utf8");
    return {
      tag: e.tag,
      sql: query.split("--> statement-breakpoint"),
      bps: e.breakpoints,
      folderMillis: e.when,
      hash: createHash("sha256").update(query).digest("hex"),
    };
  });
}
