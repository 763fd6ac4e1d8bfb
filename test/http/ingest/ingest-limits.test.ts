import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../../helpers/test-app";
import { makeSource, requestLog } from "./helpers";

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ env: { HOOKRELAY_INGEST_MAX_BODY: "64KiB" } }); });
afterAll(() => t.close());

describe("ingest body limit", () => {
  test("a declared Content-Length over the limit gets 413 and nothing is recorded", async () => {
    const s = await makeSource(t, { type: "generic-webhook" });
    const r = await fetch(s.ingestUrl, { method: "POST", body: new Uint8Array(64 * 1024 + 1) });
    expect(r.status).toBe(413);
    expect((await r.json()).code).toBe("payload_too_large");
    expect(await requestLog(t, s.id)).toEqual([]);
  });

  test("a chunked body is cut off soon after the limit instead of being read whole", async () => {
    const s = await makeSource(t, { type: "generic-webhook" });
    let pulled = 0;
    const chunk = new Uint8Array(16 * 1024);
    // Offers 200 MiB; the server must stop reading long before that.
    const body = new ReadableStream({ pull(c) { if (pulled >= 200 * 1024 * 1024) return c.close(); pulled += chunk.length; c.enqueue(chunk); } });
    const r = await fetch(s.ingestUrl + "/chunked", { method: "POST", body, duplex: "half" } as RequestInit);
    expect(r.status).toBe(413);
    expect(pulled).toBeLessThan(4 * 1024 * 1024);
    expect(await requestLog(t, s.id)).toEqual([]);
  });

  test("a body exactly at the limit is accepted", async () => {
    const s = await makeSource(t, { type: "generic-webhook" });
    const r = await fetch(s.ingestUrl, { method: "POST", body: new Uint8Array(64 * 1024).fill(65) });
    expect(r.status).toBe(200);
    expect((await requestLog(t, s.id))[0].bodySize).toBe(64 * 1024);
  });
});

describe("storage failures", () => {
  test("when SQLite cannot write (SQLITE_FULL) the sender gets 503, never a 2xx for an uncommitted request", async () => {
    const s = await makeSource(t, { type: "generic-webhook" });
    const db = t.app.ctx.store.sqlite;
    const { page_count } = db.query<{ page_count: number }, []>("PRAGMA page_count").get()!;
    db.run(`PRAGMA max_page_count = ${page_count}`);
    try {
      const r = await fetch(s.ingestUrl, { method: "POST", body: new Uint8Array(60 * 1024).fill(66) });
      expect(r.status).toBe(503);
      expect(r.headers.get("retry-after")).toBe("5");
      expect((await r.json()).code).toBe("storage_unavailable");
    } finally {
      db.run("PRAGMA max_page_count = 4294967294");
    }
    expect(await requestLog(t, s.id)).toEqual([]);
    expect((await fetch(s.ingestUrl, { method: "POST", body: "{}" })).status).toBe(200);
  });
});
