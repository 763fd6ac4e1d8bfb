// `hookrelay listen` as a real process against a real `hookrelay serve` process, with restarts of both.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, spawnWatched, type Spawned } from "../helpers/process";
import { startReceiver, type Receiver } from "../helpers/receiver";

const MAIN = join(import.meta.dir, "../../src/main.ts");
const env = { HOOKRELAY_SQLITE_SYNCHRONOUS: "normal", HOOKRELAY_LOG_LEVEL: "warn" };
let dataDir: string;
let port: number;
let base: string;
let token: string;
let server: Spawned;

async function startServer(): Promise<Spawned> {
  const p = spawnWatched(["bun", MAIN, "serve", "--data-dir", dataDir, "--listen", `127.0.0.1:${port}`, "--shutdown-grace", "300ms"], { env });
  await p.waitForLine(/Listening on/);
  return p;
}

async function stop(p: Spawned, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  p.proc.kill(signal);
  await p.proc.exited;
}

function listen(source: string, forward: string, name: string, extra: string[] = []): Spawned {
  return spawnWatched(["bun", MAIN, "listen", "--server", base, "--token", token, source, "--forward", forward, "--name", name, "--max-backoff", "500ms", ...extra], { env });
}

async function api(path: string, body?: unknown): Promise<any> {
  const r = await fetch(`${base}/ingest/api/v1${path}`, {
    method: body === undefined ? "GET" : "POST", body: body === undefined ? undefined : JSON.stringify(body),
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  });
  if (r.status >= 300) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

async function source(name: string): Promise<{ id: string; ingestUrl: string }> {
  return api("/source", { name, uid: name, type: "generic-webhook" });
}

const ingest = async (url: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) => {
  const r = await fetch(url, { method: "POST", body, headers });
  expect(r.status).toBe(200);
  return ((await r.json()) as { id: string }).id;
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "hookrelay-listen-"));
  port = freePort();
  base = `http://127.0.0.1:${port}`;
  // token create needs an existing database (it never creates one): migrate first, as `serve` would.
  expect(await spawnWatched(["bun", MAIN, "migrate", "--data-dir", dataDir], { env }).proc.exited).toBe(0);
  const tok = spawnWatched(["bun", MAIN, "token", "create", "--name", "listen-test", "--data-dir", dataDir], { env });
  expect(await tok.proc.exited).toBe(0);
  token = tok.lines.find((l) => l.startsWith("hr_"))!;
  server = await startServer();
}, 30_000);

afterAll(async () => {
  await stop(server);
  rmSync(dataDir, { recursive: true, force: true });
});

describe("hookrelay listen", () => {
  test("forwards byte-exact with the original headers and reports the local answer to the attempt log", async () => {
    const src = await source("listen-basic");
    const rx = startReceiver();
    rx.fallback = () => new Response("local says hi", { status: 201 });
    const l = listen("listen-basic", `${rx.url}/hook`, "basic");
    try {
      await l.waitForLine(/listening on source listen-basic/);
      const bytes = new Uint8Array([123, 34, 97, 34, 58, 32, 49, 125, 0, 255]);
      const id = await ingest(src.ingestUrl + "/github?delivery=1", bytes, { "content-type": "application/x-custom", "x-github-event": "push", "x-hub-signature-256": "sha256=abc" });
      const [got] = await rx.waitFor(1);
      expect(got.method).toBe("POST");
      expect(got.path).toBe("/hook/github?delivery=1");
      expect([...got.raw]).toEqual([...bytes]);
      expect(got.headers["content-type"]).toBe("application/x-custom");
      expect(got.headers["x-github-event"]).toBe("push");
      expect(got.headers["x-hub-signature-256"]).toBe("sha256=abc");
      await l.waitForLine(new RegExp(`POST\\s+/github\\?delivery=1\\s+→ 201\\s+\\d+ ms\\s+${id}`));
      const detail = await api(`/source/${src.id}/request/${id}`);
      const d = detail.deliveries.find((x: any) => x.url === "listen://basic");
      expect(d).toMatchObject({ status: "success", attemptCount: 1, lastStatusCode: 201 });
      expect(d.attempts[0]).toMatchObject({ responseStatus: 201, responseBody: "local says hi", success: true, url: `${rx.url}/hook/github?delivery=1` });
      expect(d.attempts[0].requestHeaders["x-hub-signature-256"]).toBe("[redacted]");
    } finally { await stop(l); rx.close(); }
  }, 30_000);

  test("keeps listening across a restart of the server", async () => {
    const src = await source("listen-server-restart");
    const rx = startReceiver();
    const l = listen("listen-server-restart", rx.url, "restart");
    try {
      await l.waitForLine(/listening on source/);
      await ingest(src.ingestUrl, '{"n":1}');
      await rx.waitFor(1);
      // Reported and back in its long-poll when the server goes away.
      await l.waitForLine(/→ 200/);
      await stop(server);
      await l.waitForLine(/cannot reach the hookrelay server/);
      server = await startServer();
      await l.waitForLine(/reconnected to/);
      await ingest(src.ingestUrl, '{"n":2}');
      await rx.waitFor(2);
      expect(rx.requests.map((r) => r.body)).toEqual(['{"n":1}', '{"n":2}']);
    } finally { await stop(l); rx.close(); }
  }, 40_000);

  test("a restarted listener gets what arrived while it was gone, once, in order", async () => {
    const src = await source("listen-restart");
    const rx = startReceiver();
    let l = listen("listen-restart", rx.url, "laptop");
    try {
      await l.waitForLine(/listening on source/);
      await ingest(src.ingestUrl, '{"n":1}');
      await rx.waitFor(1);
      await l.waitForLine(/→ 200/);
      const stopping = stop(l);
      await ingest(src.ingestUrl, '{"n":2}');
      await stopping;
      await ingest(src.ingestUrl, '{"n":3}');
      l = listen("listen-restart", rx.url, "laptop");
      await l.waitForLine(/listening on source/);
      await ingest(src.ingestUrl, '{"n":4}');
      await rx.waitFor(4);
      expect(rx.requests.map((r) => r.body)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}', '{"n":4}']);
      const listeners = await api(`/source/${src.id}/listener`);
      expect(listeners.data).toHaveLength(1);
    } finally { await stop(l); rx.close(); }
  }, 40_000);

  test("an unreachable local target gets a clear error and the request is retried until it answers", async () => {
    const src = await source("listen-target-down");
    const targetPort = freePort();
    const l = listen("listen-target-down", `http://127.0.0.1:${targetPort}/hook`, "down");
    let target: ReturnType<typeof Bun.serve> | null = null;
    try {
      await l.waitForLine(/listening on source/);
      const id = await ingest(src.ingestUrl, '{"late":true}');
      await l.waitForLine(new RegExp(`✗ http://127\\.0\\.0\\.1:${targetPort}/hook is not reachable \\(connection refused\\); is your local server running`));
      const bodies: string[] = [];
      let arrived!: () => void;
      const done = new Promise<void>((r) => { arrived = r; });
      target = Bun.serve({ hostname: "127.0.0.1", port: targetPort, fetch: async (req) => { bodies.push(await req.text()); arrived(); return new Response("ok"); } });
      await done;
      await l.waitForLine(/→ 200/);
      expect(bodies).toEqual(['{"late":true}']);
      const d = (await api(`/source/${src.id}/request/${id}`)).deliveries.find((x: any) => x.url === "listen://down");
      expect(d.attempts.length).toBeGreaterThanOrEqual(2);
      expect(d.attempts[0]).toMatchObject({ success: false, errorClass: "connection_refused", responseStatus: null });
      expect(d.attempts.at(-1)).toMatchObject({ success: true, responseStatus: 200 });
    } finally { await stop(l); target?.stop(true); }
  }, 40_000);

  test("an unreachable server is reported clearly, and a bad token stops the listener with exit code 1", async () => {
    const down = spawnWatched(["bun", MAIN, "listen", "--server", `http://127.0.0.1:${freePort()}`, "--token", token, "x", "--forward", "http://127.0.0.1:1/x"], { env });
    try {
      await down.waitForLine(/cannot reach the hookrelay server at http:\/\/127\.0\.0\.1:\d+ \(connection refused\); retrying/);
    } finally { await stop(down); }
    const bad = spawnWatched(["bun", MAIN, "listen", "--server", base, "--token", "hr_wrong", "x", "--forward", "http://127.0.0.1:1/x"], { env });
    expect(await bad.proc.exited).toBe(1);
    expect(bad.lines.join("\n")).toContain("the server refused the token");
    const usage = spawnWatched(["bun", MAIN, "listen", "x", "--token", token], { env });
    expect(await usage.proc.exited).toBe(2);
    expect(usage.lines.join("\n")).toContain("--forward");
  }, 30_000);
});
