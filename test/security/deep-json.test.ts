// Absurdly nested JSON: the API refuses it up front (422, see limits.test.ts); ingest must store it
// raw like any other body, and nothing that later looks inside it (filters, dedupe, the smee-style
// stream, replays) may blow the stack and turn it into a 5xx or a crash.
import { describe, expect, test, beforeAll, afterAll } from "bun:test";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { deliveryEngine } from "../../src/delivery";

let t: TestApp;
let rx: Receiver;
beforeAll(async () => { t = await createTestApp({ flags: { "allow-private-destinations": true } }); rx = startReceiver(); });
afterAll(async () => { rx.close(); await t.close(); });

const deep = (levels: number) => `{"a":${"[".repeat(levels)}1${"]".repeat(levels)},"kind":"deep"}`;

describe("deeply nested JSON at the ingest URL", () => {
  test("is captured and forwarded byte for byte with filters, dedupe and a live stream in play, never a 5xx", async () => {
    const src = (await (await t.api("/ingest/api/v1/source", { body: { name: "deep", type: "generic-webhook", dedupe: { jsonField: "a", windowSec: 60 } } })).json()) as { id: string; ingestUrl: string; streamUrl: string };
    // One endpoint filters on an object value (compares serialized JSON), one takes everything.
    await t.api(`/ingest/api/v1/source/${src.id}/endpoint`, { body: { url: `${rx.url}/filtered`, filter: { body: { a: { $eq: [1] } } } } });
    await t.api(`/ingest/api/v1/source/${src.id}/endpoint`, { body: { url: `${rx.url}/all` } });
    const stream = await fetch(src.streamUrl);
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    try {
      const body = deep(200_000);
      const r = await fetch(src.ingestUrl, { method: "POST", headers: { "content-type": "application/json" }, body });
      expect(r.status).toBeLessThan(500);
      expect(r.status).toBe(200);
      const [got] = await rx.waitFor(1);
      expect(got.path).toBe("/all");
      expect(got.body).toBe(body);
      // The server is still fine and the stream still carries the next (ordinary) event.
      const ok = await fetch(src.ingestUrl, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":2,"kind":"flat"}' });
      expect(ok.status).toBe(200);
      let text = "";
      while (!text.includes('"kind":"flat"')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      expect(text).toContain('"kind":"flat"');
    } finally {
      await reader.cancel();
    }
    await deliveryEngine(t.app.ctx).idle();
    expect(t.logs.filter((l) => /unhandled error|Maximum call stack/.test(l))).toEqual([]);
  });

  test("replaying a deeply nested captured request with a filter answers without a 5xx", async () => {
    const src = (await (await t.api("/ingest/api/v1/source", { body: { name: "deep-replay", type: "generic-webhook" } })).json()) as { id: string; ingestUrl: string };
    const ep = (await (await t.api(`/ingest/api/v1/source/${src.id}/endpoint`, { body: { url: `${rx.url}/replayed`, filter: { body: { a: { $eq: [1] } } } } })).json()) as { id: string };
    const cap = (await (await fetch(src.ingestUrl, { method: "POST", headers: { "content-type": "application/json" }, body: deep(200_000) })).json()) as { id: string };
    const r = await t.api(`/ingest/api/v1/source/${src.id}/request/${cap.id}/replay`, { body: { endpointId: ep.id } });
    expect(r.status).toBeLessThan(500);
    const all = await t.api(`/ingest/api/v1/source/${src.id}/replay`, { body: {} });
    expect(all.status).toBeLessThan(500);
  });
});
