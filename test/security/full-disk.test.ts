// Full disk, simulated with PRAGMA max_page_count on the live connection: hookrelay must answer 503
// instead of acknowledging, leave nothing half-written, and resume by itself when space returns.
import { describe, expect, test, beforeAll, afterAll } from "bun:test";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { deliveryEngine } from "../../src/delivery";
import { STORAGE_PROBE_EVERY_MS } from "../../src/ops/storage-probe-job";
import { parsePrometheus, value } from "../ops/prom-text";

let t: TestApp;
let rx: Receiver;
let appId: string;
let ingestUrl: string;

beforeAll(async () => {
  t = await createTestApp({ flags: { "allow-private-destinations": true, metrics: true } });
  rx = startReceiver();
  appId = ((await (await t.api("/api/v1/app/", { body: { name: "disk" } })).json()) as { id: string }).id;
  const ep = await t.api(`/api/v1/app/${appId}/endpoint/`, { body: { url: `${rx.url}/hook` } });
  expect(ep.status).toBe(201);
  const src = await t.api("/ingest/api/v1/source", { body: { name: "disk", type: "generic-webhook" } });
  expect(src.status).toBe(201);
  ingestUrl = ((await src.json()) as { ingestUrl: string }).ingestUrl;
});
afterAll(async () => { rx.close(); await t.close(); });

const db = () => t.app.ctx.store.sqlite;
const TABLES = ["messages", "deliveries", "attempts", "idempotency_keys", "ingest_requests"];
const counts = () => Object.fromEntries(TABLES.map((n) => [n, (db().query(`SELECT count(*) AS n FROM ${n}`).get() as { n: number }).n]));
/** From now on the file may not grow by a single page. */
function fillDisk() {
  const { page_count } = db().query("PRAGMA page_count").get() as { page_count: number };
  db().run(`PRAGMA max_page_count = ${page_count}`);
}
const freeDisk = () => db().run("PRAGMA max_page_count = 4294967294");
/** Resolves when a log line matching `re` is written (the test logger is an array we can watch). */
function logLine(re: RegExp): Promise<string> {
  const found = t.logs.find((l) => re.test(l));
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const push = t.logs.push.bind(t.logs);
    t.logs.push = (...lines: string[]) => {
      const hit = lines.find((l) => re.test(l));
      if (hit) { t.logs.push = push; resolve(hit); }
      return push(...lines);
    };
  });
}

// Big enough to need new pages whatever free space the existing pages have.
const bigPayload = { blob: "z".repeat(200 * 1024) };

describe("when SQLite cannot write", () => {
  test("message create answers 503 with Retry-After, stores nothing, and the same Idempotency-Key works once space returns", async () => {
    await deliveryEngine(t.app.ctx).idle();
    const before = counts();
    fillDisk();
    let r: Response;
    try {
      r = await t.api(`/api/v1/app/${appId}/msg/`, { body: { eventType: "disk.full", payload: bigPayload }, headers: { "idempotency-key": "disk-1" } });
      expect(r.status).toBe(503);
      expect(r.headers.get("retry-after")).toBe("5");
      expect(((await r.json()) as { code: string }).code).toBe("storage_unavailable");
      expect(counts()).toEqual(before);
    } finally {
      freeDisk();
    }
    // The failed attempt left no idempotency record behind: the retry creates the message, once.
    r = await t.api(`/api/v1/app/${appId}/msg/`, { body: { eventType: "disk.full", payload: bigPayload }, headers: { "idempotency-key": "disk-1" } });
    expect(r.status).toBe(202);
    const id = ((await r.json()) as { id: string }).id;
    const again = await t.api(`/api/v1/app/${appId}/msg/`, { body: { eventType: "disk.full", payload: bigPayload }, headers: { "idempotency-key": "disk-1" } });
    expect(((await again.json()) as { id: string }).id).toBe(id);
    expect(counts().messages).toBe(before.messages + 1);
    const [got] = await rx.waitFor(1);
    expect(got.headers["webhook-id"]).toBe(id);
    expect(JSON.parse(got.body)).toEqual(bigPayload);
  });

  test("ingest answers 503 instead of acknowledging, records nothing, and accepts again once space returns", async () => {
    await deliveryEngine(t.app.ctx).idle(); // earlier deliveries finish recording first
    const before = counts();
    fillDisk();
    try {
      const r = await fetch(ingestUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(bigPayload) });
      expect(r.status).toBe(503);
      expect(r.headers.get("retry-after")).toBe("5");
      expect(counts()).toEqual(before);
    } finally {
      freeDisk();
    }
    const ok = await fetch(ingestUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(bigPayload) });
    expect(ok.status).toBe(200);
    expect(counts().ingest_requests).toBe(before.ingest_requests + 1);
  });

  test("an attempt that finishes while the disk is full is recorded once space returns, without sending it again", async () => {
    await deliveryEngine(t.app.ctx).idle();
    const seen = rx.requests.length;
    // A large response body makes the attempt record need new pages (it is stored up to the limit).
    const release = rx.hold(() => new Response("r".repeat(40 * 1024), { status: 200 }));
    const r = await t.api(`/api/v1/app/${appId}/msg/`, { body: { eventType: "disk.full", payload: { n: 1 } } });
    expect(r.status).toBe(202);
    const id = ((await r.json()) as { id: string }).id;
    await rx.waitFor(seen + 1);
    const failed = logLine(/delivery cycle failed/);
    fillDisk();
    try {
      release();
      await failed; // the engine tried to commit the attempt and SQLite refused
      expect(db().query("SELECT count(*) AS n FROM attempts WHERE message_id = ?").get(id)).toEqual({ n: 0 });
    } finally {
      freeDisk();
    }
    await deliveryEngine(t.app.ctx).idle();
    const rows = db().query("SELECT a.success, d.status FROM attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE a.message_id = ?").all(id);
    expect(rows).toEqual([{ success: 1, status: "success" }]);
    expect(rx.requests.filter((q) => q.headers["webhook-id"] === id).length).toBe(1);
    expect(db().query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
  });
});

describe("readiness and metrics while SQLite cannot write", () => {
  const readyz = async () => {
    const r = await fetch(`${t.url}/readyz`);
    return { status: r.status, body: (await r.json()) as { checks: Record<string, string>; storageError?: { kind: string; code: string; since: string } } };
  };
  const metrics = async () => parsePrometheus(await (await fetch(`${t.url}/metrics`)).text());
  const failedIngest = async () => {
    fillDisk();
    const r = await fetch(ingestUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(bigPayload) });
    expect(r.status).toBe(503);
  };

  test("a failed write makes /readyz 503 with checks.storage and the metrics show it; the next write that succeeds clears both", async () => {
    await deliveryEngine(t.app.ctx).idle();
    expect((await readyz()).status).toBe(200);
    const failuresBefore = value(await metrics(), "hookrelay_storage_failures_total", { kind: "write" })!;
    try {
      await failedIngest();
      const r = await readyz();
      expect(r.status).toBe(503);
      expect(r.body.checks).toEqual({ database: "ok", scheduler: "ok", storage: "fail" });
      expect(r.body.storageError).toMatchObject({ kind: "write", code: "SQLITE_FULL" });
      const m = await metrics();
      expect(value(m, "hookrelay_storage_failing")).toBe(1);
      expect(value(m, "hookrelay_storage_failures_total", { kind: "write" })).toBeGreaterThan(failuresBefore);
      expect(value(m, "hookrelay_ingest_requests_total", { source_type: "generic-webhook", result: "unavailable" })).toBeGreaterThanOrEqual(1);
    } finally {
      freeDisk();
    }
    // Space is back but nothing has been written yet: still not ready (reads alone prove nothing).
    expect((await readyz()).status).toBe(503);
    const ok = await fetch(ingestUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(bigPayload) });
    expect(ok.status).toBe(200);
    const after = await readyz();
    expect(after.status).toBe(200);
    expect(after.body.checks.storage).toBe("ok");
    expect(after.body.storageError).toBeUndefined();
    expect(value(await metrics(), "hookrelay_storage_failing")).toBe(0);
  });

  test("with no traffic at all, the storage probe finds space again and /readyz recovers by itself", async () => {
    await deliveryEngine(t.app.ctx).idle();
    // The probe's 64 KiB row must need new pages while the file may not grow: few free pages to reuse.
    expect((db().query("PRAGMA freelist_count").get() as { freelist_count: number }).freelist_count).toBeLessThan(8);
    const sched = t.app.ctx.scheduler;
    try {
      await failedIngest();
      const failures = value(await metrics(), "hookrelay_storage_failures_total", { kind: "write" })!;
      t.clock.advance(STORAGE_PROBE_EVERY_MS);
      await sched.tick(); // the probe runs while the disk is still full: it fails too, nothing changes
      expect(value(await metrics(), "hookrelay_storage_failures_total", { kind: "write" })).toBe(failures + 1);
      expect((await readyz()).status).toBe(503);
    } finally {
      freeDisk();
    }
    const recovered = logLine(/storage is writable again/);
    t.clock.advance(STORAGE_PROBE_EVERY_MS);
    await sched.tick();
    await recovered;
    expect((await readyz()).status).toBe(200);
    expect(db().query("SELECT count(*) AS n FROM meta WHERE key = 'storage_probe'").get()).toEqual({ n: 0 });
  });
});
