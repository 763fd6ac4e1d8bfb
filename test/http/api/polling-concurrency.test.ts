// A consumer polling while messages pour in: every message is handed out exactly once, in id order,
// across chunk and page boundaries, with no gap left behind the consumer's place.
import { describe, test, expect, beforeAll, afterAll } from "bun:test";
import { apiFixture, LATER, type ApiFixture } from "./helpers";

let f: ApiFixture;
beforeAll(async () => { f = await apiFixture(); });
afterAll(() => f.close());

describe("polling while messages are being created", () => {
  test("a named consumer reading 100 at a time gets all 1,500 messages once each, in id order", async () => {
    const app = await f.svix.application.create({ name: "Busy" });
    const p = await (await f.t.api(`/api/v1/app/${app.id}/polling-endpoint`, { body: { filterTypes: null } })).json();
    const created: string[] = [];
    const send = async (n: number) => {
      const r = await f.t.api(`/api/v1/app/${app.id}/msg`, { body: { eventType: n % 3 ? "busy.a" : "busy.b", payload: { n }, deliverAt: LATER().toISOString() } });
      created.push((await r.json()).id);
    };
    let sending = true;
    const producer = (async () => {
      for (let batch = 0; batch < 30; batch++) await Promise.all(Array.from({ length: 50 }, (_, i) => send(batch * 50 + i)));
      sending = false;
    })();

    const seen: string[] = [];
    const poll = async () => {
      const r = await (await f.t.api(`/api/v1/app/${app.id}/poller/${p.id}/consumer/reader?limit=100`)).json() as { data: { id: string }[]; done: boolean };
      seen.push(...r.data.map((m) => m.id));
      return r;
    };
    // Poll while the producer runs, then until a read after it finished comes back done and empty.
    let readsWhileSending = 0;
    while (sending) if ((await poll()).data.length) readsWhileSending++;
    await producer;
    for (let last = await poll(); !(last.done && last.data.length === 0); last = await poll()) { /* drain */ }

    expect(created.length).toBe(1_500);
    expect(readsWhileSending).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort());
    expect([...seen].sort()).toEqual([...created].sort());
  }, 60_000);
});
