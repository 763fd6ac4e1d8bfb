import { describe, expect, test, afterEach } from "bun:test";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { Registry } from "../../src/ops/metrics/registry";
import { parsePrometheus, value } from "./prom-text";

let t: TestApp | undefined;
let rx: Receiver | undefined;
afterEach(async () => { rx?.close(); rx = undefined; await t?.close(); t = undefined; });

const engineIdle = (app: TestApp) => (app.app.ctx.services.delivery as { idle(): Promise<void> }).idle();

async function json(res: Response) {
  const body = await res.json();
  if (res.status >= 300) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body as Record<string, any>;
}

describe("metrics registry", () => {
  test("renders counters, gauges and histograms in the text format with escaped labels", () => {
    const r = new Registry();
    r.counter("x_total", "Things", ["kind"]).inc({ kind: 'a"b\\c\nd' }, 2);
    r.gauge("g", "A gauge").set(1.5);
    const h = r.histogram("h_seconds", "Durations", [0.1, 1]);
    h.observe({}, 0.05); h.observe({}, 0.5); h.observe({}, 5);
    const s = parsePrometheus(r.render());
    expect(s.types).toEqual({ x_total: "counter", g: "gauge", h_seconds: "histogram" });
    expect(value(s, "x_total", { kind: 'a"b\\c\nd' })).toBe(2);
    expect(value(s, "g")).toBe(1.5);
    expect([0.1, 1, Infinity].map((le) => value(s, "h_seconds_bucket", { le: le === Infinity ? "+Inf" : String(le) }))).toEqual([1, 2, 3]);
    expect(value(s, "h_seconds_sum")).toBeCloseTo(5.55);
    expect(value(s, "h_seconds_count")).toBe(3);
  });

  test("refuses a label the metric was not declared with, a negative counter step and a duplicate name", () => {
    const r = new Registry();
    const c = r.counter("c_total", "C", ["outcome"]);
    expect(() => c.inc({ url: "https://x" })).toThrow(/unknown label/);
    expect(() => c.inc({}, -1)).toThrow(/only go up/);
    expect(() => r.gauge("c_total", "again")).toThrow(/twice/);
  });
});

describe("/metrics", () => {
  test("is absent unless --metrics is given", async () => {
    t = await createTestApp();
    expect((await fetch(`${t.url}/metrics`)).status).toBe(404);
  });

  test("after real deliveries: attempts and deliveries by outcome, latency histogram, queue, SQLite sizes and build info", async () => {
    t = await createTestApp({ env: { HOOKRELAY_METRICS: "true", HOOKRELAY_ALLOW_PRIVATE_DESTINATIONS: "true", HOOKRELAY_RETRY_SCHEDULE: "0s" } });
    rx = startReceiver();
    rx.respond(new Response("ok"), new Response("ok"), new Response("boom", { status: 500 }));
    const app = await json(await t.api("/api/v1/app", { body: { name: "metrics" } }));
    await json(await t.api(`/api/v1/app/${app.id}/endpoint`, { body: { url: `${rx.url}/hook` } }));
    for (let i = 0; i < 3; i++) await json(await t.api(`/api/v1/app/${app.id}/msg`, { body: { eventType: "user.created", payload: { i } } }));
    await rx.waitFor(3);
    await engineIdle(t);

    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toStartWith("text/plain; version=0.0.4");
    const s = parsePrometheus(await res.text());
    for (const name of Object.keys(s.types)) expect(s.help[name]).toBeTruthy();
    expect(value(s, "hookrelay_attempts_total", { outcome: "success", direction: "outbound" })).toBe(2);
    expect(value(s, "hookrelay_attempts_total", { outcome: "http_5xx", direction: "outbound" })).toBe(1);
    expect(value(s, "hookrelay_deliveries_total", { outcome: "success", direction: "outbound" })).toBe(2);
    expect(value(s, "hookrelay_deliveries_total", { outcome: "exhausted", direction: "outbound" })).toBe(1);
    expect(value(s, "hookrelay_delivery_latency_seconds_count", { direction: "outbound" })).toBe(2);
    expect(value(s, "hookrelay_delivery_latency_seconds_bucket", { direction: "outbound", le: "+Inf" })).toBe(2);
    expect(value(s, "hookrelay_attempt_duration_seconds_count", { direction: "outbound" })).toBe(3);
    expect(value(s, "hookrelay_queue_depth", { status: "pending" })).toBe(0);
    expect(value(s, "hookrelay_queue_oldest_pending_age_seconds")).toBe(0);
    expect(value(s, "hookrelay_inflight_requests")).toBe(0);
    expect(value(s, "hookrelay_sqlite_size_bytes")).toBeGreaterThanOrEqual(4096);
    expect(value(s, "hookrelay_sqlite_wal_size_bytes")).toBeGreaterThan(0);
    expect(s.samples.find((x) => x.name === "hookrelay_build_info")?.labels.version).toMatch(/^\d+\.\d+\.\d+/);
    // Low cardinality: no label value is an id, a URL or a payload.
    for (const x of s.samples) for (const v of Object.values(x.labels)) expect(v).not.toMatch(/^(msg|ep|app|atmpt|src)_|https?:|\{/);
    // Counters only grow: a second scrape with nothing new reads the same.
    const again = parsePrometheus(await (await fetch(`${t.url}/metrics`)).text());
    expect(value(again, "hookrelay_attempts_total", { outcome: "success", direction: "outbound" })).toBe(2);
  });

  test("before any delivery, the latency and duration histograms are exposed with every bucket at 0", async () => {
    t = await createTestApp({ env: { HOOKRELAY_METRICS: "true" }, start: false });
    const s = parsePrometheus(await (await t.app.handle(new Request("http://localhost/metrics"))).text());
    for (const name of ["hookrelay_delivery_latency_seconds", "hookrelay_attempt_duration_seconds"]) {
      for (const direction of ["outbound", "inbound"]) {
        const buckets = s.samples.filter((x) => x.name === `${name}_bucket` && x.labels.direction === direction);
        expect(buckets.length).toBeGreaterThan(5);
        expect(buckets.every((b) => b.value === 0)).toBe(true);
        expect(buckets.at(-1)!.labels.le).toBe("+Inf");
        expect(value(s, `${name}_count`, { direction })).toBe(0);
        expect(value(s, `${name}_sum`, { direction })).toBe(0);
      }
    }
  });

  test("ingest requests are counted by source type and result, refused ones included, and no label names a source", async () => {
    t = await createTestApp({ env: { HOOKRELAY_METRICS: "true", HOOKRELAY_INGEST_MAX_BODY: "1KiB" } });
    const gh = await json(await t.api("/ingest/api/v1/source", { body: { name: "GitHub prod", type: "github", config: { secret: "s3cret" } } }));
    const plain = await json(await t.api("/ingest/api/v1/source", { body: { name: "plain", uid: "plain-uid", type: "generic-webhook" } }));
    const post = (url: string, body: string, headers: Record<string, string> = {}) => fetch(url, { method: "POST", body, headers });
    const signed = (body: string) => ({ "x-hub-signature-256": "sha256=" + new Bun.CryptoHasher("sha256", "s3cret").update(body).digest("hex") });
    expect((await post(gh.ingestUrl, "{}", signed("{}"))).status).toBe(200);
    expect((await post(gh.ingestUrl, "{}", { "x-hub-signature-256": "sha256=" + "0".repeat(64) })).status).toBe(401);
    expect((await post(plain.ingestUrl, "{}")).status).toBe(200);
    // Refused by the request limits before the source is looked up: counted, but as source_type "unknown".
    expect((await post(plain.ingestUrl, "x".repeat(2048))).status).toBe(413);
    // A chunked body has no length to refuse up front: the ingest route finds the source, then the size.
    const chunked = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("y".repeat(2048))); c.close(); } });
    expect((await fetch(plain.ingestUrl, { method: "POST", body: chunked, duplex: "half" } as RequestInit)).status).toBe(413);
    expect((await post(`${t.url}/in/no-such-token`, "{}")).status).toBe(404);
    expect((await post(`${t.url}/in/another-unknown`, "{}")).status).toBe(404);

    const s = parsePrometheus(await (await fetch(`${t.url}/metrics`)).text());
    const ingest = s.samples.filter((x) => x.name === "hookrelay_ingest_requests_total").map((x) => [x.labels.source_type, x.labels.result, x.value]);
    expect(ingest.sort()).toEqual([
      ["generic-webhook", "accepted", 1],
      ["generic-webhook", "too_large", 1],
      ["github", "accepted", 1],
      ["github", "rejected", 1],
      ["unknown", "not_found", 2],
      ["unknown", "too_large", 1],
    ]);
    const labelValues = s.samples.flatMap((x) => Object.values(x.labels));
    for (const v of [gh.id, plain.id, "GitHub prod", "plain-uid"]) expect(labelValues).not.toContain(v);
    for (const v of labelValues) expect(v).not.toMatch(/^src_/);
  });

  test("the queue gauges show pending work and how overdue it is", async () => {
    t = await createTestApp({ env: { HOOKRELAY_METRICS: "true" }, start: false });
    const db = t.app.ctx.store.sqlite;
    const now = t.clock.now();
    db.run("INSERT INTO applications (id, name, created_at, updated_at) VALUES ('app_q', 'q', ?, ?)", [now, now]);
    db.run("INSERT INTO endpoints (id, app_id, url, secret_enc, disabled, created_at, updated_at) VALUES ('ep_q', 'app_q', 'http://127.0.0.1:9/', 'x', 1, ?, ?)", [now, now]);
    for (const [i, due] of [[1, now - 90_000], [2, now + 60_000]] as const) {
      db.run("INSERT INTO messages (id, app_id, event_type, payload, created_at) VALUES (?, 'app_q', 't', X'7B7D', ?)", [`msg_q${i}`, now]);
      db.run("INSERT INTO deliveries (message_id, endpoint_id, status, next_attempt_at, created_at, updated_at) VALUES (?, 'ep_q', 'pending', ?, ?, ?)", [`msg_q${i}`, due, now, now]);
    }
    const res = await t.app.handle(new Request("http://localhost/metrics"));
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const s = parsePrometheus(text);
    expect(value(s, "hookrelay_queue_depth", { status: "pending" })).toBe(2);
    expect(value(s, "hookrelay_queue_oldest_pending_age_seconds")).toBe(90);
    expect(value(s, "hookrelay_endpoints_disabled")).toBe(1);
  });

  test("--metrics-listen serves /metrics on its own address and not on the main one", async () => {
    t = await createTestApp({ env: { HOOKRELAY_METRICS_LISTEN: "127.0.0.1:0" } });
    const url = t.app.ctx.services.metricsUrl as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(value(parsePrometheus(await res.text()), "hookrelay_attempts_total", { outcome: "success", direction: "outbound" })).toBe(0);
    expect((await fetch(`${t.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${url}/api/v1/app`)).status).toBe(404);
  });
});
