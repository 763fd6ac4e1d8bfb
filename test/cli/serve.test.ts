// `hookrelay serve` (and the commands around it) as real processes: bind failures, signals, the
// banner, healthcheck.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, spawnWatched } from "../helpers/process";

const MAIN = join(import.meta.dir, "../../src/main.ts");
const env = { HOOKRELAY_SQLITE_SYNCHRONOUS: "normal", HOOKRELAY_LOG_LEVEL: "info" };
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const dataDir = () => { const d = mkdtempSync(join(tmpdir(), "hookrelay-serve-")); dirs.push(d); return d; };

describe("serve", () => {
  test("the banner's URLs come from --base-url; healthcheck exits 0 once ready; SIGINT stops it cleanly with exit 0", async () => {
    const d = dataDir();
    const port = freePort();
    const p = spawnWatched(["bun", MAIN, "serve", "--data-dir", d, "--listen", `127.0.0.1:${port}`, "--base-url", "https://hooks.example.com/relay/", "--shutdown-grace", "2s"], { env });
    try {
      await p.waitForLine(/server started/);
      expect(p.lines).toEqual(expect.arrayContaining([
        "  Web UI:   https://hooks.example.com/relay/",
        expect.stringMatching(/^ {2}REST API: https:\/\/hooks\.example\.com\/relay\/api\/v1 /),
        "  API docs: https://hooks.example.com/relay/docs",
        `  Listening on http://127.0.0.1:${port}`,
      ]));
      const health = Bun.spawnSync(["bun", MAIN, "healthcheck", `http://127.0.0.1:${port}`], { env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" });
      expect({ code: health.exitCode, out: health.stdout.toString() }).toEqual({ code: 0, out: expect.stringMatching(/^200 /) });
      p.proc.kill("SIGINT");
      expect(await p.proc.exited).toBe(0);
      expect(existsSync(join(d, "server.lock"))).toBe(false);
    } finally {
      if (p.proc.exitCode === null) p.proc.kill("SIGKILL");
    }
  }, 30_000);


  test("a port in use exits 1 with one line naming --listen, and leaves no server.lock", async () => {
    const held = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("taken") });
    try {
      const d = dataDir();
      const p = Bun.spawnSync(["bun", MAIN, "serve", "--data-dir", d, "--listen", `127.0.0.1:${held.port}`], { env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" });
      expect(p.exitCode).toBe(1);
      expect(p.stderr.toString().trim().split("\n").at(-1)).toBe(`hookrelay: cannot listen on 127.0.0.1:${held.port}: address in use (--listen)`);
      expect(existsSync(join(d, "server.lock"))).toBe(false);
    } finally { held.stop(true); }
  }, 30_000);
});
