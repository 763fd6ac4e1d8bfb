// A newer binary on an older database, through the real CLI in a real process: `migrate` applies
// only the migrations the database lacks, keeps the data, and is idempotent.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { rollBackLastMigration } from "../helpers/rollback-migration";

const MAIN = join(import.meta.dir, "../../src/main.ts");
const dir = mkdtempSync(join(tmpdir(), "hookrelay-migrate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = Bun.spawnSync(["bun", MAIN, ...args, "--data-dir", dir], { env: { ...process.env, HOOKRELAY_SQLITE_SYNCHRONOUS: "normal" }, stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode, out: r.stdout.toString(), err: r.stderr.toString() };
}

test("on a database one migration behind, `migrate` applies only that migration and keeps the data", () => {
  const first = cli("migrate");
  expect(first.code).toBe(0);
  const all = /applied (\d+) migration\(s\): (.+)/.exec(first.out)!;
  expect(all).not.toBeNull();
  expect(cli("token", "create", "--name", "before-upgrade").code).toBe(0);

  const tag = rollBackLastMigration(join(dir, "hookrelay.db"));
  expect(all[2].split(", ").at(-1)).toBe(tag);

  const upgrade = cli("migrate");
  expect({ code: upgrade.code, err: upgrade.err }).toEqual({ code: 0, err: "" });
  expect(upgrade.out).toContain(`applied 1 migration(s): ${tag}`);
  expect(upgrade.out).toContain("backed up the database to ");
  const db = new Database(join(dir, "hookrelay.db"), { readonly: true });
  try {
    expect((db.query("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number }).n).toBe(Number(all[1]));
    expect(db.query("SELECT name FROM api_tokens").all()).toEqual([{ name: "before-upgrade" }]);
  } finally { db.close(); }
  expect(cli("migrate").out).toContain("database is up to date");
}, 30_000);
