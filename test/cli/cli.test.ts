import { describe, expect, test, afterAll } from "bun:test";
import { mkdtempSync, rmSync, existsSync, statSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, COMMANDS } from "../../src/cli";
import { Database } from "bun:sqlite";
import { rollBackLastMigration } from "../helpers/rollback-migration";

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

async function run(argv: string[], env: Record<string, string> = {}, stdin = "") {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env, stdin: async () => stdin });
  return { code, out: out.join("\n"), err: err.join("\n") };
}
function dataDir() { const d = mkdtempSync(join(tmpdir(), "hookrelay-cli-")); dirs.push(d); return d; }
/** A data dir with a migrated database, as `serve` or `migrate` leaves it. */
async function database() { const d = dataDir(); expect((await run(["migrate", "--data-dir", d])).code).toBe(0); return d; }

describe("cli", () => {
  test("an unknown flag fails with one line and exit code 2", async () => {
    const r = await run(["serve", "--nope"]);
    expect(r.code).toBe(2);
    expect(r.err.split("\n")).toHaveLength(1);
    expect(r.err).toContain("unknown flag --nope");
  });

  test("an unknown command fails with exit code 2", async () => {
    expect((await run(["frobnicate"])).code).toBe(2);
  });

  test("every command's --help ends with examples", async () => {
    for (const c of COMMANDS) {
      const r = await run([...c.name.split(" "), "--help"]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Examples:\n(  .+\n?)+$/);
    }
  });

  test("a command group's --help (token, user, app, ...) lists its subcommands and ends with examples, exit 0", async () => {
    const groups = [...new Set(COMMANDS.filter((c) => c.name.includes(" ")).map((c) => c.name.split(" ")[0]))];
    expect(groups).toEqual(expect.arrayContaining(["token", "user", "app"]));
    for (const g of groups) {
      for (const argv of [[g, "--help"], [g, "-h"], ["help", g]]) {
        const r = await run(argv);
        expect({ argv, code: r.code }).toEqual({ argv, code: 0 });
        for (const c of COMMANDS.filter((x) => x.name.startsWith(g + " "))) expect(r.out).toContain(`  ${c.name.slice(g.length + 1)} `);
        expect(r.out).toMatch(/Examples:\n(  .+\n?)+$/);
      }
    }
    const bare = await run(["token"]);
    expect([bare.code, bare.err]).toEqual([2, "hookrelay: 'token' needs a subcommand: create, list, revoke"]);
  });

  test("the top-level --help lists every command, shows the version, and ends with examples", async () => {
    for (const argv of [["--help"], ["help"]]) {
      const r = await run(argv);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^hookrelay \S+ \(/m);
      for (const c of COMMANDS) expect(r.out).toContain(`  ${c.name} `);
      expect(r.out).toMatch(/Examples:\n(  .+\n?)+$/);
    }
  });

  test("--version and version print the build line", async () => {
    expect((await run(["--version"])).out).toMatch(/^hookrelay \S+ \(/);
    expect((await run(["version"])).out).toMatch(/^hookrelay \S+ \(/);
  });

  test("token create prints the token alone on the last line and stores only its hash", async () => {
    const d = await database();
    const r = await run(["token", "create", "--name", "ci", "--data-dir", d]);
    expect(r.code).toBe(0);
    const token = r.out.split("\n").at(-1)!;
    expect(token).toMatch(/^hr_[A-Za-z0-9_-]{32}$/);
    const db = new Database(join(d, "hookrelay.db"), { readonly: true });
    const rows = db.query("SELECT * FROM api_tokens").all() as Record<string, string>[];
    db.close();
    expect(JSON.stringify(rows)).not.toContain(token);
    const list = await run(["token", "list", "--data-dir", d]);
    expect(list.out).toContain(token.slice(0, 10));
    expect(list.out).not.toContain(token);
    const id = rows[0].id;
    expect((await run(["token", "revoke", id, "--data-dir", d])).code).toBe(0);
    expect((await run(["token", "list", "--data-dir", d])).out).toContain("revoked");
  });

  test("user add reads the password from stdin, refuses duplicates and short passwords", async () => {
    const d = await database();
    const ok = await run(["user", "add", "Ops@Example.com", "--admin", "--data-dir", d], {}, "correct horse battery\n");
    expect(ok.code).toBe(0);
    expect((await run(["user", "add", "ops@example.com", "--data-dir", d], { HOOKRELAY_PASSWORD: "another long one" })).code).toBe(1);
    expect((await run(["user", "add", "x@example.com", "--data-dir", d], {}, "short")).err).toContain("at least 8");
    const list = await run(["user", "list", "--data-dir", d]);
    expect(list.out).toContain("ops@example.com");
    expect(list.out).toContain("admin");
    expect((await run(["user", "passwd", "ops@example.com", "--data-dir", d], { HOOKRELAY_PASSWORD: "a new passphrase" })).code).toBe(0);
    expect((await run(["user", "rm", "ops@example.com", "--data-dir", d])).code).toBe(0);
    expect((await run(["user", "list", "--data-dir", d])).out).toContain("no users");
  });

  test("restore brings back the backed-up state: a token revoked and one created after the backup are undone", async () => {
    const d = await database();
    const tokens = async () => JSON.parse((await run(["token", "list", "--json", "--data-dir", d])).out) as { id: string; name: string; revokedAt: number | null }[];
    await run(["token", "create", "--name", "kept", "--data-dir", d]);
    const [kept] = await tokens();
    const file = join(d, "copy.db");
    expect((await run(["backup", file, "--data-dir", d])).code).toBe(0);
    expect((await run(["backup", file, "--data-dir", d])).err).toContain("already exists");

    // After the backup: the token is revoked and another one is created.
    expect((await run(["token", "revoke", kept.id, "--data-dir", d])).code).toBe(0);
    await run(["token", "create", "--name", "later", "--data-dir", d]);
    expect((await tokens()).map((x) => [x.name, x.revokedAt !== null]).sort()).toEqual([["kept", true], ["later", false]]);

    // A live pid in the lock file = a running server: restore refuses and changes nothing.
    await Bun.write(join(d, "server.lock"), String(process.ppid));
    const refused = await run(["restore", file, "--data-dir", d]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("stop it before restoring");
    expect((await tokens()).length).toBe(2);
    rmSync(join(d, "server.lock"));

    expect((await run(["restore", file, "--data-dir", d])).code).toBe(0);
    expect(await tokens()).toEqual([{ ...kept, revokedAt: null }]);
  });

  test("commands refuse to migrate a database that a running server holds, and migrate it once it is free", async () => {
    const d = await database();
    await run(["token", "create", "--data-dir", d]);
    // Roll the database back to "before the newest migration", as an older server would have it.
    const undone = rollBackLastMigration(join(d, "hookrelay.db"));
    const applied = () => {
      const db = new Database(join(d, "hookrelay.db"), { readonly: true });
      try { return (db.query("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number }).n; } finally { db.close(); }
    };
    const before = applied();
    await Bun.write(join(d, "server.lock"), String(process.ppid)); // a live pid: "a server is running"
    for (const argv of [["token", "create"], ["migrate"]]) {
      const r = await run([...argv, "--data-dir", d]);
      expect(r.code).toBe(1);
      expect(r.err).toContain("restart the server with this binary first");
    }
    // A backup never migrates, so it works while the server runs — into a folder that does not exist yet.
    expect((await run(["backup", join(d, "backups", "now.db"), "--data-dir", d])).code).toBe(0);
    rmSync(join(d, "server.lock"));
    expect((await run(["token", "create", "--data-dir", d])).code).toBe(0);
    // The refused commands left it alone; the free one applied exactly the rolled-back migration.
    expect(applied()).toBe(before + 1);
    expect(readdirSync(join(import.meta.dir, "../../drizzle")).filter((f) => f.endsWith(".sql")).sort().at(-1)).toBe(`${undone}.sql`);
  });

  test("config prints effective values with secrets redacted", async () => {
    const r = await run(["config", "--log-level", "warn"], { HOOKRELAY_ADMIN_EMAIL: "a@b.c", HOOKRELAY_ADMIN_PASSWORD: "supersecretvalue" });
    expect(r.out).toContain('log-level = "warn"  # flag');
    expect(r.out).toContain("admin-password = <redacted>");
    expect(r.out).not.toContain("supersecretvalue");
  });

  test("a bad config value exits 2 naming the option", async () => {
    const r = await run(["config"], { HOOKRELAY_SQLITE_SYNCHRONOUS: "sometimes" });
    expect(r.code).toBe(2);
    expect(r.err).toContain("sqlite-synchronous: expected one of full, normal, extra, off");
  });

  test("config output fed back with --config as a TOML file prints the same config", async () => {
    const d = dataDir();
    const first = await run(["config", "--shutdown-grace", "90s", "--max-payload", "2MiB", "--retry-schedule", "0s,1m", "--data-dir", d]);
    expect(first.out).toContain('shutdown-grace = "90s"  # flag');
    expect(first.out).not.toMatch(/^shutdown-grace = \d/m);
    const file = join(d, "hookrelay.toml");
    await Bun.write(file, first.out + "\n");
    const again = await run(["config", "--config", file]);
    expect(again.code).toBe(0);
    const withoutSource = (t: string) => t.split("\n").map((l) => l.replace(/  # (default|flag|file|env)$/, ""));
    expect(withoutSource(again.out)).toEqual(withoutSource(first.out));
  });

  test("a bad retry-schedule item or encryption-key exits 2 naming the option, before touching the data dir", async () => {
    const d = join(dataDir(), "not-created");
    const schedule = await run(["migrate", "--retry-schedule", "0s,later", "--data-dir", d]);
    expect([schedule.code, schedule.err]).toEqual([2, 'hookrelay: invalid value "later" for retry-schedule: expected comma-separated durations such as 0s,5s,5m,2h']);
    const key = await run(["migrate", "--data-dir", d], { HOOKRELAY_ENCRYPTION_KEY: "too-short" });
    expect(key.code).toBe(2);
    expect(key.err).toContain("encryption-key");
    expect(existsSync(d)).toBe(false);
  });

  test("a --data-dir that is a file fails with 'is not a directory'", async () => {
    const file = join(dataDir(), "a-file");
    await Bun.write(file, "x");
    const r = await run(["migrate", "--data-dir", file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${file} is not a directory`);
  });

  test("token, user and backup refuse a data dir without a database instead of creating an empty one", async () => {
    const empty = dataDir();
    const missing = join(empty, "typo");
    for (const d of [empty, missing]) {
      for (const argv of [["token", "create"], ["token", "list"], ["user", "list"], ["backup", join(empty, "b.db")]]) {
        const r = await run([...argv, "--data-dir", d], { HOOKRELAY_PASSWORD: "long enough pw" });
        expect({ argv, code: r.code, err: r.err }).toEqual({ argv, code: 1, err: `hookrelay: no hookrelay database at ${d}; check --data-dir or start the server once` });
      }
    }
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(join(empty, "hookrelay.db"))).toBe(false);
  });

  test("a backup file is readable by its owner only (0600)", async () => {
    const d = await database();
    const file = join(d, "copies", "b.db");
    const old = process.umask(0o022);
    try { expect((await run(["backup", file, "--data-dir", d])).code).toBe(0); } finally { process.umask(old); }
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  test("restore takes the data dir's lock while it copies: a stale lock is replaced, and none is left behind", async () => {
    const d = await database();
    const file = join(d, "copy.db");
    expect((await run(["backup", file, "--data-dir", d])).code).toBe(0);
    await Bun.write(join(d, "server.lock"), String(Bun.spawnSync(["true"]).pid)); // a server that died
    expect((await run(["restore", file, "--data-dir", d])).code).toBe(0);
    expect(existsSync(join(d, "server.lock"))).toBe(false);
  });

  test("healthcheck exits 1 when nothing listens", async () => {
    const r = await run(["healthcheck", "http://127.0.0.1:1"]);
    expect(r.code).toBe(1);
  });
});
