import { describe, test, expect, beforeAll, afterAll } from "bun:test";
import { apiFixture, LATER, type ApiFixture } from "./helpers";
import { outboundServices } from "../../../src/http/api/services";

let f: ApiFixture;
const ep: Record<string, string> = {};
beforeAll(async () => {
  f = await apiFixture();
  await f.svix.application.create({ name: "Fan", uid: "fan" });
  for (const name of ["order.created", "order.paid"]) await f.svix.eventType.create({ name, description: "" });
  const url = "http://127.0.0.1:9/unused";
  ep.all = (await f.svix.endpoint.create("fan", { url })).id;
  ep.paidOld = (await f.svix.endpoint.create("fan", { url, filterTypes: ["order.paid"] })).id;
  const res = await f.t.api("/api/v1/app/fan/endpoint", { body: { url, eventTypes: ["order.created"] } });
  ep.createdNew = (await res.json()).id;
  ep.red = (await f.svix.endpoint.create("fan", { url, channels: ["red"] })).id;
  ep.off = (await f.svix.endpoint.create("fan", { url, disabled: true })).id;
});
afterAll(() => f.close());

const endpointsOf = (msgId: string) =>
  f.rows<{ endpoint_id: string }>("SELECT endpoint_id FROM deliveries WHERE message_id = ? ORDER BY endpoint_id", msgId).map((r) => r.endpoint_id).sort();
const names = (...keys: string[]) => keys.map((k) => ep[k]).sort();
const send = async (eventType: string, channels?: string[]) => (await f.svix.message.create("fan", { eventType, payload: {}, channels, deliverAt: LATER() })).id;

describe("fan-out on message create", () => {
  test("filterTypes (1.x) and eventTypes (2.x) both filter by event type; no filter gets everything", async () => {
    expect(endpointsOf(await send("order.paid"))).toEqual(names("all", "paidOld"));
    expect(endpointsOf(await send("order.created"))).toEqual(names("all", "createdNew"));
    expect(endpointsOf(await send("order.other"))).toEqual(names("all"));
  });

  test("an endpoint with channels only gets messages sharing one; a message without channels skips it", async () => {
    expect(endpointsOf(await send("order.other", ["red", "blue"]))).toEqual(names("all", "red"));
    expect(endpointsOf(await send("order.other", ["blue"]))).toEqual(names("all"));
  });

  test("a disabled endpoint gets no delivery row; re-enabled, it gets the next message", async () => {
    expect(endpointsOf(await send("x.y"))).not.toContain(ep.off);
    await f.svix.endpoint.patch("fan", ep.off, { disabled: false });
    expect(endpointsOf(await send("x.y"))).toContain(ep.off);
    await f.svix.endpoint.patch("fan", ep.off, { disabled: true });
  });

  test("each delivery row starts pending, unattempted, due at deliverAt, not manual", async () => {
    const later = await send("order.paid");
    const rows = f.rows<any>("SELECT status, attempt_count, next_attempt_at, manual, created_at FROM deliveries WHERE message_id = ?", later);
    expect(rows).toEqual([
      { status: "pending", attempt_count: 0, next_attempt_at: LATER().getTime(), manual: 0, created_at: f.t.clock.now() },
      { status: "pending", attempt_count: 0, next_attempt_at: LATER().getTime(), manual: 0, created_at: f.t.clock.now() },
    ]);
  });

  test("endpoint changes take effect on the next message (the fan-out cache is invalidated)", async () => {
    const fresh = (await f.svix.endpoint.create("fan", { url: "http://127.0.0.1:9/x", filterTypes: ["order.paid"] })).id;
    expect(endpointsOf(await send("order.paid"))).toContain(fresh);
    await f.svix.endpoint.patch("fan", fresh, { filterTypes: ["order.created"] });
    expect(endpointsOf(await send("order.paid"))).not.toContain(fresh);
    await f.svix.endpoint.delete("fan", fresh);
    expect(endpointsOf(await send("order.created"))).not.toContain(fresh);
  });

  test("precheck says whether any enabled endpoint would receive the event", async () => {
    const g = await apiFixture();
    try {
      await g.svix.application.create({ name: "P", uid: "p" });
      expect((await g.svix.message.precheck("p", { eventType: "a.b" })).active).toBe(false);
      await g.svix.endpoint.create("p", { url: "http://127.0.0.1:9/", channels: ["c"] });
      expect((await g.svix.message.precheck("p", { eventType: "a.b" })).active).toBe(false);
      expect((await g.svix.message.precheck("p", { eventType: "a.b", channels: ["c"] })).active).toBe(true);
    } finally { await g.close(); }
  });
});

describe("group commit", () => {
  test("concurrent creations share transactions, and each is stored with its deliveries", async () => {
    const writer = outboundServices(f.t.app.ctx).writer;
    const before = { ...writer.stats };
    const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => f.svix.message.create("fan", { eventType: "order.paid", payload: { i }, deliverAt: LATER() }).then((m) => m.id)));
    const commits = writer.stats.commits - before.commits;
    expect(writer.stats.writes - before.writes).toBe(40);
    expect(commits).toBeLessThan(40);
    for (const id of ids) expect(endpointsOf(id)).toEqual(names("all", "paidOld"));
  });

  test("one failing write (duplicate eventId) rolls back alone; its batch-mates commit", async () => {
    await f.svix.message.create("fan", { eventType: "order.paid", eventId: "batch-dup", payload: {}, deliverAt: LATER() });
    const results = await Promise.allSettled([
      f.svix.message.create("fan", { eventType: "order.paid", eventId: "batch-ok-1", payload: {}, deliverAt: LATER() }),
      f.svix.message.create("fan", { eventType: "order.paid", eventId: "batch-dup", payload: {}, deliverAt: LATER() }),
      f.svix.message.create("fan", { eventType: "order.paid", eventId: "batch-ok-2", payload: {}, deliverAt: LATER() }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(f.rows("SELECT id FROM messages WHERE event_id = 'batch-dup'")).toHaveLength(1);
    const okIds = results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<{ id: string }>).value.id);
    for (const id of okIds) expect(endpointsOf(id)).toHaveLength(2);
  });
});
