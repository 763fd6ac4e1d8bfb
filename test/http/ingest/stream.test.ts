// The secret stream URL: server-sent events in smee.io's format, resumable with Last-Event-ID.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../../helpers/test-app";
import { startReceiver } from "../../helpers/receiver";
import { inboundOf } from "../../../src/inbound/service";
import { makeSource, requestLog } from "./helpers";
import { openSse, until } from "./sse";

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

const post = (url: string, body: string, headers: Record<string, string> = {}) => fetch(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

describe("SSE stream URL", () => {
  test("streams accepted requests live in smee's message format with the cursor as event id", async () => {
    const s = await makeSource(t, { type: "generic-webhook" });
    await post(s.ingestUrl, '{"before":true}');
    const sse = await openSse(s.streamUrl);
    try {
      expect(sse.response.headers.get("content-type")).toBe("text/event-stream");
      const [before] = await requestLog(t, s.id);
      const ready = await sse.next();
      expect(ready).toEqual({ event: "ready", id: String(before.cursor), data: "{}" });
      const r = await post(s.ingestUrl + "/gh?x=1", '{"zen":"hi"}', { "x-github-event": "push" });
      const msg = await sse.nextMessage();
      expect(msg.id).toBe(String((await requestLog(t, s.id))[0].cursor));
      expect((await r.json()).id).toBe((await requestLog(t, s.id))[0].id);
      const data = JSON.parse(msg.data);
      expect(data).toMatchObject({ "x-github-event": "push", "content-type": "application/json", body: { zen: "hi" }, query: { x: "1" }, timestamp: t.clock.now() });
      expect(data.host).toBeUndefined();
    } finally { sse.close(); }
  });

  test("Last-Event-ID resumes after the given cursor, skipping rejected requests", async () => {
    const s = await makeSource(t, { type: "github", config: { secret: "k" } });
    const signed = (body: string) => ({ "x-hub-signature-256": "sha256=" + new Bun.CryptoHasher("sha256", "k").update(body).digest("hex") });
    await post(s.ingestUrl, '{"n":1}', signed('{"n":1}'));
    await post(s.ingestUrl, '{"n":2}', { "x-hub-signature-256": "sha256=00" });
    await post(s.ingestUrl, '{"n":3}', signed('{"n":3}'));
    const [c1, c2, c3] = (await requestLog(t, s.id, "?order=ascending")).map((x) => String(x.cursor));
    const sse = await openSse(s.streamUrl, { "last-event-id": "0" });
    try {
      expect((await sse.next()).event).toBe("ready");
      const a = await sse.nextMessage();
      const b = await sse.nextMessage();
      expect([a.id, JSON.parse(a.data).body, b.id, JSON.parse(b.data).body]).toEqual([c1, { n: 1 }, c3, { n: 3 }]);
      expect(c2).not.toBe(b.id);
    } finally { sse.close(); }
    const resumed = await openSse(s.streamUrl, { "last-event-id": c1 });
    try {
      await resumed.next();
      expect((await resumed.nextMessage()).id).toBe(c3);
    } finally { resumed.close(); }
  });

  test("idle streams get ping heartbeats", async () => {
    const s = await makeSource(t, { type: "generic-webhook" });
    const svc = inboundOf(t.app.ctx);
    const before = svc.heartbeatMs;
    svc.heartbeatMs = 30;
    const sse = await openSse(s.streamUrl);
    svc.heartbeatMs = before;
    try {
      expect((await sse.next()).event).toBe("ready");
      const ping = await sse.next(2000);
      expect(ping.event).toBe("ping");
    } finally { sse.close(); }
  });

  test("a closed client frees its subscription; rotating the stream token ends open streams", async () => {
    const s = await makeSource(t, { type: "generic-webhook" });
    const svc = inboundOf(t.app.ctx);
    const first = await openSse(s.streamUrl);
    await first.next();
    expect(svc.bus.subscriberCount(s.id)).toBe(1);
    first.close();
    await until(() => svc.bus.subscriberCount(s.id) === 0);

    const second = await openSse(s.streamUrl);
    await second.next();
    const r = await t.api(`/ingest/api/v1/source/${s.id}/stream-token/rotate`, { method: "POST" });
    const { streamUrl } = await r.json();
    await expect(second.next()).rejects.toThrow("SSE stream ended");
    expect((await fetch(s.streamUrl)).status).toBe(404);
    const third = await openSse(streamUrl);
    expect((await third.next()).event).toBe("ready");
    third.close();
  });

  test("a large request body streams whole", async () => {
    const s = await makeSource(t, { type: "generic-webhook" });
    const sse = await openSse(s.streamUrl);
    try {
      await sse.next();
      const big = JSON.stringify({ blob: "x".repeat(3 * 1024 * 1024) });
      await post(s.ingestUrl, big);
      const msg = await sse.nextMessage(15_000);
      expect(JSON.stringify(JSON.parse(msg.data).body)).toBe(big);
    } finally { sse.close(); }
  });

  test("a consumer too far behind is cut off and gets the rest, once, when it resumes", async () => {
    const s = await makeSource(t, { type: "generic-webhook" });
    const n = 36;
    for (let i = 0; i < n; i++) await post(s.ingestUrl, JSON.stringify({ i, pad: "p".repeat(1024 * 1024) }));
    const seen: number[] = [];
    let last = "0";
    const first = await openSse(s.streamUrl, { "last-event-id": "0" });
    await first.next();
    // The catch-up of ~36 MiB is queued at once; past 32 MiB of backlog the stream ends.
    await expect((async () => { for (;;) { const m = await first.nextMessage(15_000); seen.push(JSON.parse(m.data).body.i); last = m.id!; } })()).rejects.toThrow("SSE stream ended");
    expect(seen.length).toBeLessThan(n);
    const second = await openSse(s.streamUrl, { "last-event-id": last });
    try {
      await second.next();
      while (seen.length < n) seen.push(JSON.parse((await second.nextMessage(15_000)).data).body.i);
    } finally { second.close(); }
    expect(seen).toEqual([...Array(n).keys()]);
  }, 60_000);

  test("an unknown stream token gets 404", async () => {
    expect((await fetch(`${t.url}/in/stream/st_nope`)).status).toBe(404);
  });
});

describe("smee-client compatibility", () => {
  test("a real smee-client process forwards a streamed request to a local server", async () => {
    const s = await makeSource(t, { type: "generic-webhook" });
    const rx = startReceiver();
    const smee = Bun.spawn(["node", "node_modules/.bin/smee", "--url", s.streamUrl, "--target", `${rx.url}/hook`], { stdout: "pipe", stderr: "pipe" });
    try {
      const svc = inboundOf(t.app.ctx);
      await until(() => svc.bus.subscriberCount(s.id) === 1, 15_000);
      const body = '{"action":"opened","number":7}';
      const r = await post(s.ingestUrl + "?installation=42", body, { "x-github-event": "pull_request", "x-github-delivery": "d-7" });
      expect(r.status).toBe(200);
      const [got] = await rx.waitFor(1, 15_000);
      expect(got.method).toBe("POST");
      expect(got.path).toBe("/hook?installation=42");
      expect(got.body).toBe(body);
      expect(got.headers["x-github-event"]).toBe("pull_request");
      expect(got.headers["x-github-delivery"]).toBe("d-7");
      expect(got.headers["content-type"]).toBe("application/json");
    } finally {
      smee.kill();
      await smee.exited;
      rx.close();
    }
  }, 30_000);
});
