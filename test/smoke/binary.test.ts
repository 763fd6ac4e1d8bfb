// Builds the real binary, copies it alone into an empty directory and runs it there.
import { describe, expect, test, beforeAll, afterAll } from "bun:test";
import { mkdtempSync, rmSync, copyFileSync, existsSync, statSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Webhook } from "standardwebhooks";
import { freePort, spawnWatched } from "../helpers/process";
import { startReceiver } from "../helpers/receiver";

const root = resolve(import.meta.dir, "../..");
const work = mkdtempSync(join(tmpdir(), "hookrelay-smoke-"));
const bin = join(work, "hookrelay");

/** A loopback server that answers its first `answered` requests, then holds every later one; `heldAll` resolves at `hold` held. */
function holdingServer(answered: number, hold: number) {
  let seen = 0, held = 0;
  let release!: () => void, allHeld!: () => void;
  const released = new Promise<void>((r) => { release = r; });
  const heldAll = new Promise<void>((r) => { allHeld = r; });
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, idleTimeout: 0, async fetch() {
    if (++seen <= answered) return new Response("ok");
    if (++held === hold) allHeld();
    await released;
    return new Response("late");
  } });
  return { port: server.port!, heldAll, stop: () => { release(); server.stop(true); } };
}

type Served = Awaited<ReturnType<typeof servedForSlots>>;

/** The binary serving from `work/<name>` with its default fetch slots (64) and a 5 s request timeout, plus a token and an API caller. */
async function servedForSlots(name: string) {
  const dir = join(work, name);
  require("node:fs").mkdirSync(dir);
  const port = freePort();
  const { proc, waitForLine, lines } = spawnWatched([bin, "serve", "--listen", `127.0.0.1:${port}`, "--allow-private-destinations", "--request-timeout", "5s"], { cwd: dir, env: { BUN_CONFIG_MAX_HTTP_REQUESTS: undefined } });
  const stop = async () => { proc.kill("SIGTERM"); await proc.exited; };
  try {
    await waitForLine(/server started/);
  } catch (e) { await stop(); throw e; }
  const token = Bun.spawnSync([bin, "token", "create", "--name", "smoke"], { cwd: dir }).stdout.toString().trim().split("\n").at(-1)!;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect(res.status).toBeLessThan(300);
    return (await res.json()) as Record<string, any>;
  };
  return { call, lines, stop };
}

/** Sends 20 messages to the healthy app, waits for the receiver to have them, and returns the endpoint's 20 attempts. */
async function healthyDelivers(relay: Served, healthy: ReturnType<typeof startReceiver>, appId: string, epId: string): Promise<Record<string, any>[]> {
  for (let i = 0; i < 20; i++) await relay.call("POST", `/app/${appId}/msg/`, { eventType: "smoke.test", payload: { i } });
  await healthy.waitFor(20, 15_000);
  let attempts: Record<string, any>[] = [];
  while (attempts.length < 20) attempts = (await relay.call("GET", `/app/${appId}/attempt/endpoint/${epId}/?limit=100`)).data;
  return attempts;
}

beforeAll(async () => {
  const build = Bun.spawnSync(["bun", "scripts/build.ts", "--outfile", join(work, "build", "hookrelay")], { cwd: root, stderr: "pipe", stdout: "pipe" });
  if (build.exitCode !== 0) throw new Error(build.stderr.toString());
  copyFileSync(join(work, "build", "hookrelay"), bin);
  rmSync(join(work, "build"), { recursive: true });
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("compiled binary", () => {
  test("starts from an empty folder, serves /readyz and htmx, accepts a CLI-made token, and exits 0 on SIGTERM with the WAL checkpointed", async () => {
    const dir = join(work, "empty");
    require("node:fs").mkdirSync(dir);
    const port = freePort();
    const { proc, waitForLine } = spawnWatched([bin, "serve", "--listen", `127.0.0.1:${port}`], { cwd: dir });
    try {
      await waitForLine(/server started/);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      const asset = await fetch(`http://127.0.0.1:${port}/assets/htmx.min.js`);
      expect(asset.status).toBe(200);
      expect((await asset.text()).length).toBeGreaterThan(10_000);

      const tok = Bun.spawnSync([bin, "token", "create", "--name", "smoke"], { cwd: dir });
      expect(tok.exitCode).toBe(0);
      const token = tok.stdout.toString().trim().split("\n").at(-1)!;
      const who = await fetch(`http://127.0.0.1:${port}/api/v1/auth/whoami`, { headers: { authorization: `Bearer ${token}` } });
      expect(who.status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/auth/whoami`)).status).toBe(401);

      proc.kill("SIGTERM");
      const code = await proc.exited;
      expect(code).toBe(0);
      const data = join(dir, "hookrelay-data");
      expect(existsSync(join(data, "hookrelay.db"))).toBe(true);
      const wal = join(data, "hookrelay.db-wal");
      expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
      expect(readdirSync(data)).not.toContain("server.lock");
      expect(statSync(join(data, "encryption.key")).mode & 0o777).toBe(0o600);
    } finally {
      if (proc.exitCode === null) proc.kill("SIGKILL");
    }
  }, 30_000);

  test("delivers a signed message to a loopback receiver from its sender thread (the worker is inside the executable)", async () => {
    const dir = join(work, "deliver");
    require("node:fs").mkdirSync(dir);
    const port = freePort();
    const receiver = startReceiver();
    const { proc, waitForLine, lines } = spawnWatched([bin, "serve", "--listen", `127.0.0.1:${port}`, "--allow-private-destinations", "--sender-thread", "--log-level", "debug"], { cwd: dir });
    try {
      await waitForLine(/server started/);
      await waitForLine(/delivery sender thread started/);
      await waitForLine(/checkpoint thread started/);
      const token = Bun.spawnSync([bin, "token", "create", "--name", "smoke"], { cwd: dir }).stdout.toString().trim().split("\n").at(-1)!;
      const api = async (path: string, body: unknown) => {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
        expect(res.status).toBeLessThan(300);
        return (await res.json()) as Record<string, unknown>;
      };
      const app = await api("/app/", { name: "smoke" });
      const ep = await api(`/app/${app.id}/endpoint/`, { url: `${receiver.url}/hook` });
      const secret = (await (await fetch(`http://127.0.0.1:${port}/api/v1/app/${app.id}/endpoint/${ep.id}/secret/`, { headers: { authorization: `Bearer ${token}` } })).json()) as { key: string };
      const msg = await api(`/app/${app.id}/msg/`, { eventType: "smoke.test", payload: { hello: "binary" } });
      const [got] = await receiver.waitFor(1);
      expect(got.headers["webhook-id"]).toBe(msg.id as string);
      expect(new Webhook(secret.key).verify(got.body, got.headers)).toEqual({ hello: "binary" });
      // The thread started and was not replaced by the main-thread fallback.
      expect(lines.join("\n")).not.toContain("sender thread failed");
    } finally {
      receiver.close();
      proc.kill("SIGTERM");
      await proc.exited;
    }
  }, 30_000);

  test("runs Bun's fetch at --fetch-slots requests at once, 64 by default, by starting itself again under the same pid; an operator's own BUN_CONFIG_MAX_HTTP_REQUESTS is kept", async () => {
    const cases: { flags: string[]; env?: Record<string, string | undefined>; environ: string | null; slots: number }[] = [
      { flags: [], environ: "64", slots: 64 },
      { flags: ["--fetch-slots", "100"], environ: "100", slots: 100 },
      { flags: ["--fetch-slots", "0"], environ: null, slots: 256 },
      { flags: [], env: { BUN_CONFIG_MAX_HTTP_REQUESTS: "32" }, environ: "32", slots: 32 },
    ];
    for (const [i, c] of cases.entries()) {
      const dir = join(work, `slots-${i}`);
      require("node:fs").mkdirSync(dir);
      const port = freePort();
      const { proc, waitForLine } = spawnWatched([bin, "serve", "--listen", `127.0.0.1:${port}`, "--metrics", ...c.flags], { cwd: dir, env: { BUN_CONFIG_MAX_HTTP_REQUESTS: undefined, ...c.env } });
      try {
        await waitForLine(/server started/);
        // The pid we started is the server (execve keeps it), and its environment is what Bun read at start.
        const environ = require("node:fs").readFileSync(`/proc/${proc.pid}/environ`, "utf8").split("\0") as string[];
        const set = environ.find((e) => e.startsWith("BUN_CONFIG_MAX_HTTP_REQUESTS="));
        expect(set ?? null).toBe(c.environ === null ? null : `BUN_CONFIG_MAX_HTTP_REQUESTS=${c.environ}`);
        const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        expect(metrics).toContain(`\nhookrelay_fetch_slots ${c.slots}\n`);
        proc.kill("SIGTERM");
        expect(await proc.exited).toBe(0);
      } finally {
        if (proc.exitCode === null) proc.kill("SIGKILL");
      }
    }
  }, 60_000);

  test("an endpoint that hangs holding every fetch slot is cut short, so another endpoint's deliveries succeed instead of timing out behind it", async () => {
    // Answers its first 100 requests (its allowance grows to the cap of 64), then holds every later one.
    const frozen = holdingServer(100, 64);
    const healthy = startReceiver();
    // B's requests time out after 5 s, A's after 30 s: queued in Bun behind A's, B's would time out first.
    const relay = await servedForSlots("frozen");
    try {
      const { call } = relay;
      const appA = await call("POST", "/app/", { name: "frozen" });
      const epA = await call("POST", `/app/${appA.id}/endpoint/`, { url: `http://127.0.0.1:${frozen.port}/hook`, timeoutMs: 30_000 });
      const appB = await call("POST", "/app/", { name: "healthy" });
      const epB = await call("POST", `/app/${appB.id}/endpoint/`, { url: `${healthy.url}/hook` });
      for (let i = 0; i < 164; i++) await call("POST", `/app/${appA.id}/msg/`, { eventType: "smoke.test", payload: { i } });
      await frozen.heldAll; // 64 requests held: every one of Bun's 64 slots
      // Each of B's deliveries succeeded at its first attempt (queued behind the frozen requests they would have timed out).
      const attemptsB = await healthyDelivers(relay, healthy, appB.id, epB.id);
      expect(attemptsB.length).toBe(20);
      expect(attemptsB.every((a) => a.status === 0 && a.responseStatusCode === 200)).toBe(true);
      const attemptsA = (await call("GET", `/app/${appA.id}/attempt/endpoint/${epA.id}/?limit=250`)).data as Record<string, any>[];
      expect(attemptsA.filter((a) => a.status === 0).length).toBe(100);
      expect(attemptsA.filter((a) => a.status !== 0).length).toBeGreaterThan(0);
      expect(relay.lines.join("\n")).toContain("its requests were cut short");
    } finally {
      frozen.stop();
      healthy.close();
      await relay.stop();
    }
  }, 60_000);

  test("ten endpoints that never answer fill the 64 fetch slots with their probes; they are cut short and another endpoint's deliveries succeed", async () => {
    // 10 endpoints x 8 probe requests = 80: Bun runs 64 of them and queues the rest.
    const hanging = holdingServer(0, 64);
    const healthy = startReceiver();
    const relay = await servedForSlots("hanging");
    try {
      const { call } = relay;
      const appA = await call("POST", "/app/", { name: "hanging" });
      for (let i = 0; i < 10; i++) await call("POST", `/app/${appA.id}/endpoint/`, { url: `http://127.0.0.1:${hanging.port}/h/${i}`, timeoutMs: 30_000 });
      const appB = await call("POST", "/app/", { name: "healthy" });
      const epB = await call("POST", `/app/${appB.id}/endpoint/`, { url: `${healthy.url}/hook` });
      for (let i = 0; i < 8; i++) await call("POST", `/app/${appA.id}/msg/`, { eventType: "smoke.test", payload: { i } });
      await hanging.heldAll;
      const attemptsB = await healthyDelivers(relay, healthy, appB.id, epB.id);
      expect(attemptsB.every((a) => a.status === 0 && a.responseStatusCode === 200)).toBe(true);
      expect(relay.lines.join("\n")).toContain("its requests were cut short");
    } finally {
      hanging.stop();
      healthy.close();
      await relay.stop();
    }
  }, 60_000);

  test("ignores a bunfig.toml and a .env in the folder it runs in: no code from there runs, no setting from there applies", () => {
    // Bun's executables load both from the working directory unless built not to; running hookrelay
    // in a cloned repository must not run that repository's preload script or take its settings.
    const dir = join(work, "hostile");
    require("node:fs").mkdirSync(dir);
    const fs = require("node:fs") as typeof import("node:fs");
    fs.writeFileSync(join(dir, "bunfig.toml"), 'preload = ["./preload.js"]\n');
    fs.writeFileSync(join(dir, "preload.js"), 'require("node:fs").writeFileSync("PRELOAD_RAN", "yes");\n');
    fs.writeFileSync(join(dir, ".env"), "HOOKRELAY_DATA_DIR=./from-dotenv\n");
    const r = Bun.spawnSync([bin, "migrate"], { cwd: dir, stderr: "pipe", stdout: "pipe" });
    expect(r.exitCode).toBe(0);
    expect(existsSync(join(dir, "PRELOAD_RAN"))).toBe(false);
    expect(existsSync(join(dir, "from-dotenv"))).toBe(false);
    expect(existsSync(join(dir, "hookrelay-data", "hookrelay.db"))).toBe(true);
    // The environment itself still counts (HOOKRELAY_* variables are a documented way to configure).
    const viaEnv = Bun.spawnSync([bin, "migrate"], { cwd: dir, env: { ...process.env, HOOKRELAY_DATA_DIR: join(dir, "from-env") } });
    expect(viaEnv.exitCode).toBe(0);
    expect(existsSync(join(dir, "from-env", "hookrelay.db"))).toBe(true);
  });

  test("a bad flag exits 2 with a one-line message", () => {
    const r = Bun.spawnSync([bin, "serve", "--listen", "127.0.0.1:99999"], { cwd: work });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.toString().trim().split("\n")).toHaveLength(1);
    const r2 = Bun.spawnSync([bin, "serve", "--frobnicate"], { cwd: work });
    expect(r2.exitCode).toBe(2);
  });

  test("prints the baked-in version", () => {
    const r = Bun.spawnSync([bin, "--version"]);
    expect(r.stdout.toString()).toMatch(/^hookrelay \d+\.\d+\.\d+ \([0-9a-f]{4,}|unknown/);
  });
});
