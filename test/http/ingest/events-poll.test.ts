// Polling and long-polling by cursor: GET /ingest/api/v1/source/{id}/events?after=&limit=&wait=
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../../helpers/test-app";
import { inboundOf } from "../../../src/inbound/service";
import { makeSource } from "./helpers";
import { until } from "./sse";

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

const events = async (sourceId: string, q: string) => {
  const r = await t.api(`/ingest/api/v1/source/${sourceId}/events${q}`);
  return { status: r.status, body: (await r.json()) as any };
};

describe("polling", () => {
  test("returns requests after the cursor in order, a page at a time, with exact bodies", async () => {
    const s = await makeSource(t, { type: "generic-webhook" });
    for (const n of [1, 2, 3]) await fetch(s.ingestUrl + `/p${n}`, { method: "POST", body: `{"n":${n}}` });
    await fetch(s.ingestUrl, { method: "POST", body: new Uint8Array([0xff, 0x00]) });
    const first = await events(s.id, "?limit=2");
    expect(first.status).toBe(200);
    expect(first.body.data.map((e: any) => e.path)).toEqual(["/p1", "/p2"]);
    expect(first.body.done).toBe(false);
    expect(first.body.cursor).toBe(first.body.data[1].cursor);
    const rest = await events(s.id, `?after=${first.body.cursor}&limit=10`);
    expect(rest.body.data.map((e: any) => [e.body, e.bodyEncoding])).toEqual([['{"n":3}', "utf8"], ["/wA=", "base64"]]);
    expect(rest.body.done).toBe(true);
    const empty = await events(s.id, `?after=${rest.body.cursor}`);
    expect(empty.body).toEqual({ data: [], cursor: rest.body.cursor, done: true });
  });

  test("a long-poll returns as soon as a request arrives", async () => {
    const s = await makeSource(t, { type: "generic-webhook" });
    const svc = inboundOf(t.app.ctx);
    const started = Date.now();
    const poll = events(s.id, "?after=0&wait=30");
    await until(() => svc.bus.subscriberCount(s.id) === 1);
    await fetch(s.ingestUrl, { method: "POST", body: '{"hello":"poll"}' });
    const { status, body } = await poll;
    expect(status).toBe(200);
    expect(body.data.map((e: any) => e.body)).toEqual(['{"hello":"poll"}']);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(svc.bus.subscriberCount(s.id)).toBe(0);
  });

  test("a long-poll with nothing to return answers empty when its wait ends", async () => {
    const s = await makeSource(t, { type: "generic-webhook" });
    const started = Date.now();
    const { body } = await events(s.id, "?after=0&wait=0.2");
    expect(body).toEqual({ data: [], cursor: 0, done: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  test("bad cursors, limits and waits get 422; unknown sources 404", async () => {
    const s = await makeSource(t, { type: "generic-webhook" });
    expect((await events(s.id, "?after=-1")).status).toBe(422);
    expect((await events(s.id, "?after=abc")).status).toBe(422);
    expect((await events(s.id, "?limit=0")).status).toBe(422);
    expect((await events(s.id, "?wait=61")).status).toBe(422);
    expect((await events("src_missing", "")).status).toBe(404);
  });
});
