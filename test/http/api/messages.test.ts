import { describe, test, expect, beforeAll, afterAll } from "bun:test";
import { Svix as Svix2, BulkExpungeStatus } from "svix2";
import { apiFixture, apiError, locs, LATER, type ApiFixture } from "./helpers";

let f: ApiFixture;
beforeAll(async () => {
  f = await apiFixture({ HOOKRELAY_MAX_PAYLOAD: "2048" });
  await f.svix.application.create({ name: "Acme", uid: "acme" });
});
afterAll(() => f.close());

describe("messages through the svix SDK", () => {
  test("create answers 202 with the message; get by id and by eventId returns the payload", async () => {
    const msg = await f.svix.message.create("acme", { eventType: "user.created", eventId: "evt-1", payload: { id: 7 }, channels: ["c1"], tags: ["t1"] });
    expect(msg.id).toMatch(/^msg_/);
    expect(msg).toMatchObject({ eventType: "user.created", eventId: "evt-1", channels: ["c1"], tags: ["t1"], payload: { id: 7 } });
    expect(msg.timestamp.getTime()).toBe(f.t.clock.now());
    expect((await f.svix.message.get("acme", msg.id)).payload).toEqual({ id: 7 });
    expect((await f.svix.message.get("acme", "evt-1")).id).toBe(msg.id);
    expect((await f.svix.message.get("acme", msg.id, { withContent: false })).payload).toEqual({});
    const raw = await f.t.api("/api/v1/app/acme/msg", { body: { eventType: "user.created", payload: { a: [1, "two"] } } });
    expect(raw.status).toBe(202);
    expect(await raw.json()).toMatchObject({ eventType: "user.created", eventId: null, channels: null, payload: { a: [1, "two"] }, deliverAt: null });
    const bare = await f.t.api("/api/v1/app/acme/msg?with_content=false", { body: { eventType: "user.created", payload: { a: 1 } } });
    expect((await bare.json()).payload).toEqual({});
  });

  test("the message row is committed before the answer, with retention and deliverAt stored", async () => {
    const deliverAt = LATER();
    const msg = await f.svix.message.create("acme", { eventType: "user.created", payload: { x: 1 }, deliverAt, payloadRetentionPeriod: 5 });
    const [row] = f.rows<any>("SELECT event_type, deliver_at, payload_expires_at, CAST(payload AS TEXT) AS payload FROM messages WHERE id = ?", msg.id);
    expect(row).toEqual({ event_type: "user.created", deliver_at: deliverAt.getTime(), payload_expires_at: f.t.clock.now() + 5 * 86_400_000, payload: '{"x":1}' });
    expect(msg.deliverAt?.getTime()).toBe(deliverAt.getTime());
  });

  test("a duplicate eventId is a 409", async () => {
    await f.svix.message.create("acme", { eventType: "user.created", eventId: "evt-dup", payload: {} });
    const body = await apiError(f.svix.message.create("acme", { eventType: "user.created", eventId: "evt-dup", payload: {} }), 409);
    expect(body.detail).toContain("evt-dup");
  });

  test("missing eventType or payload and bad channels are 422 naming the field", async () => {
    expect(locs(await apiError(f.svix.message.create("acme", { payload: {} } as never), 422))).toEqual([["body", "eventType"]]);
    expect(locs(await apiError(f.svix.message.create("acme", { eventType: "a.b" } as never), 422))).toEqual([["body", "payload"]]);
    expect(locs(await apiError(f.svix.message.create("acme", { eventType: "a.b", payload: {}, channels: ["bad channel"] }), 422))).toEqual([["body", "channels", "0"]]);
    expect(locs(await apiError(f.svix.message.create("acme", { eventType: "a.b", payload: {}, payloadRetentionPeriod: 1000 }), 422))).toEqual([["body", "payloadRetentionPeriod"]]);
  });

  test("a payload over --max-payload is a 413 naming the limit; the body limit has the same answer", async () => {
    const body = await apiError(f.svix.message.create("acme", { eventType: "a.b", payload: { big: "x".repeat(3000) } }), 413);
    expect(body).toEqual({ code: "payload_too_large", detail: "Message payload exceeds the limit of 2048 bytes" });
    const huge = await f.t.api("/api/v1/app/acme/msg", { body: JSON.stringify({ eventType: "a.b", payload: "y".repeat(200_000) }) });
    expect(huge.status).toBe(413);
    expect((await huge.json()).detail).toContain("limit");
  });

  test("a body nested deeper than --max-json-depth is a 422 json_too_deep, read once by the route", async () => {
    const deep = "[".repeat(200) + "]".repeat(200);
    const res = await f.t.api("/api/v1/app/acme/msg", { body: `{"eventType":"a.b","payload":${deep}}` });
    expect(res.status).toBe(422);
    expect((await res.json()).code).toBe("json_too_deep");
  });

  test("invalid JSON is a 400; an unknown app is a 404", async () => {
    expect((await f.t.api("/api/v1/app/acme/msg", { body: "{\"eventType\":" })).status).toBe(400);
    await apiError(f.svix.message.create("nope", { eventType: "a.b", payload: {} }), 404);
  });

  test("after its application is deleted, creating a message is a 404 (also when another writer deleted it)", async () => {
    await f.svix.application.create({ name: "Gone", uid: "gone" });
    await f.svix.message.create("gone", { eventType: "a.b", payload: {} });
    await f.svix.application.delete("gone");
    await apiError(f.svix.message.create("gone", { eventType: "a.b", payload: {} }), 404);
    const other = await f.svix.application.create({ name: "Gone too", uid: "gone-too" });
    await f.svix.message.create("gone-too", { eventType: "a.b", payload: {} });
    f.t.app.ctx.store.sqlite.run("DELETE FROM applications WHERE id = ?", [other.id]);
    await apiError(f.svix.message.create("gone-too", { eventType: "a.b", payload: {} }), 404);
  });

  test("an inline `application` creates the app on first use", async () => {
    const msg = await f.svix.message.create("fresh-app", { eventType: "a.b", payload: {}, application: { name: "Fresh", uid: "fresh-app" } });
    expect((await f.svix.application.get("fresh-app")).name).toBe("Fresh");
    expect((await f.svix.message.get("fresh-app", msg.id)).id).toBe(msg.id);
  });

  test("expunging content keeps the record and empties the payload", async () => {
    const msg = await f.svix.message.create("acme", { eventType: "user.created", payload: { secret: 1 } });
    await f.svix.message.expungeContent("acme", msg.id);
    expect((await f.svix.message.get("acme", msg.id)).payload).toEqual({});
  });

  test("svix 2.x bulkExpungeContent empties the named messages (by id or eventId) and reports the unknown ones", async () => {
    const svix2 = new Svix2(f.t.token, { serverUrl: f.t.url });
    const a = await f.svix.message.create("acme", { eventType: "user.created", payload: { secret: "a" } });
    const b = await f.svix.message.create("acme", { eventType: "user.created", eventId: "evt-bulk", payload: { secret: "b" } });
    const kept = await f.svix.message.create("acme", { eventType: "user.created", payload: { secret: "kept" } });
    const other = await f.svix.application.create({ name: "Other", uid: "other-bulk" });
    const foreign = await f.svix.message.create(other.id, { eventType: "user.created", payload: { secret: "foreign" } });
    const out = await svix2.message.bulkExpungeContent("acme", { ids: [a.id, "evt-bulk", "msg_nope", foreign.id] });
    const { Expunged, NotFound } = BulkExpungeStatus;
    expect(out.results).toEqual({ [a.id]: Expunged, "evt-bulk": Expunged, msg_nope: NotFound, [foreign.id]: NotFound });
    expect((await f.svix.message.get("acme", a.id)).payload).toEqual({});
    expect((await f.svix.message.get("acme", b.id)).payload).toEqual({});
    // Another application's message is not reachable through this one, and the rest are untouched.
    expect((await f.svix.message.get(other.id, foreign.id)).payload).toEqual({ secret: "foreign" });
    expect((await f.svix.message.get("acme", kept.id)).payload).toEqual({ secret: "kept" });
    expect((await svix2.message.bulkExpungeContent("acme", {})).results).toEqual({});
  });

  test("bulk-expunge refuses a bad list (422) and an unknown application (404)", async () => {
    const post = (app: string, body: unknown) => f.t.api(`/api/v1/app/${app}/msg/bulk-expunge`, { body });
    expect((await post("acme", { ids: "msg_1" })).status).toBe(422);
    expect((await post("acme", { ids: [1, 2] })).status).toBe(422);
    expect((await post("acme", { ids: Array.from({ length: 1001 }, (_, i) => `msg_${i}`) })).status).toBe(422);
    expect((await post("no-such-app", { ids: ["msg_1"] })).status).toBe(404);
    const ok = await post("acme", { ids: Array.from({ length: 1000 }, (_, i) => `msg_${i}`) });
    expect(ok.status).toBe(200);
    expect(Object.values((await ok.json()).results).every((v) => v === "not-found")).toBe(true);
  });
});

describe("message list filters", () => {
  let g: ApiFixture;
  beforeAll(async () => {
    g = await apiFixture();
    await g.svix.application.create({ name: "L", uid: "l" });
    const send = (eventType: string, extra: object = {}) => g.svix.message.create("l", { eventType, payload: { eventType }, ...extra });
    await send("a.one", { channels: ["red"], tags: ["x"] });
    g.t.clock.advance(60_000);
    await send("a.two", { channels: ["blue"] });
    g.t.clock.advance(60_000);
    await send("a.one", { channels: ["blue", "red"], tags: ["y"] });
  });
  afterAll(() => g.close());

  const types = async (o: object) => (await g.svix.message.list("l", o)).data.map((m) => `${m.eventType}:${m.channels?.join("+")}`);

  test("newest first; event_types, channel, tag, before and after narrow the list", async () => {
    expect(await types({})).toEqual(["a.one:blue+red", "a.two:blue", "a.one:red"]);
    expect(await types({ eventTypes: ["a.one"] })).toEqual(["a.one:blue+red", "a.one:red"]);
    expect(await types({ eventTypes: ["a.one", "a.two"], channel: "blue" })).toEqual(["a.one:blue+red", "a.two:blue"]);
    expect(await types({ tag: "x" })).toEqual(["a.one:red"]);
    const start = g.t.clock.now() - 120_000;
    expect(await types({ before: new Date(start + 60_000) })).toEqual(["a.one:red"]);
    expect(await types({ after: new Date(start) })).toEqual(["a.one:blue+red", "a.two:blue"]);
  });

  test("with_content=false leaves payloads out; limit pages with iterator", async () => {
    const page = await g.svix.message.list("l", { withContent: false, limit: 2 });
    expect(page.data.map((m) => m.payload)).toEqual([{}, {}]);
    expect(page.done).toBe(false);
    const rest = await g.svix.message.list("l", { limit: 2, iterator: page.iterator });
    expect(rest.data.map((m) => m.eventType)).toEqual(["a.one"]);
    expect(rest.done).toBe(true);
  });
});

describe("Idempotency-Key", () => {
  test("a repeat returns the first response: same message id, one message stored", async () => {
    const first = await f.svix.message.create("acme", { eventType: "idem.a", payload: { n: 1 } }, { idempotencyKey: "key-1" });
    const again = await f.svix.message.create("acme", { eventType: "idem.a", payload: { n: 1 } }, { idempotencyKey: "key-1" });
    expect(again.id).toBe(first.id);
    expect(f.rows("SELECT id FROM messages WHERE event_type = 'idem.a'")).toHaveLength(1);
    const raw = await f.t.api("/api/v1/app/acme/msg?with_content=false", { body: { eventType: "idem.a", payload: { n: 1 } }, headers: { "idempotency-key": "key-raw" } });
    const rawAgain = await f.t.api("/api/v1/app/acme/msg?with_content=false", { body: { eventType: "idem.a", payload: { n: 1 } }, headers: { "idempotency-key": "key-raw" } });
    expect(rawAgain.status).toBe(202);
    expect(rawAgain.headers.get("idempotent-replayed")).toBe("true");
    expect(await rawAgain.text()).toBe(await raw.text());
  });

  test("the same key with a different body is a 422 naming the header", async () => {
    await f.svix.message.create("acme", { eventType: "idem.b", payload: { n: 1 } }, { idempotencyKey: "key-2" });
    const body = await apiError(f.svix.message.create("acme", { eventType: "idem.b", payload: { n: 2 } }, { idempotencyKey: "key-2" }), 422);
    expect(locs(body)).toEqual([["header", "idempotency-key"]]);
  });

  test("a concurrent repeat while the first is uncommitted is a 409", async () => {
    // In process, both requests reach the handler in the same event-loop turn, before the group commit runs.
    const send = () => f.t.app.handle(new Request("http://localhost/api/v1/app/acme/msg", {
      method: "POST", body: JSON.stringify({ eventType: "idem.c", payload: {} }),
      headers: { authorization: `Bearer ${f.t.token}`, "content-type": "application/json", "idempotency-key": "key-3" },
    }));
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.status, b.status]).toEqual([202, 409]);
    expect((await b.json()).detail).toContain("still being processed");
    const later = await send();
    expect(later.status).toBe(202);
    expect((await later.json()).id).toBe((await a.json()).id);
  });

  test("other POSTs honour the key too: a repeated application create returns the same app", async () => {
    const a = await f.svix.application.create({ name: "Idem app" }, { idempotencyKey: "key-app" });
    const b = await f.svix.application.create({ name: "Idem app" }, { idempotencyKey: "key-app" });
    expect(b.id).toBe(a.id);
  });

  test("a key expires after --idempotency-ttl", async () => {
    const a = await f.svix.message.create("acme", { eventType: "idem.d", payload: {} }, { idempotencyKey: "key-ttl" });
    f.t.clock.advance(24 * 3600_000 + 1);
    const b = await f.svix.message.create("acme", { eventType: "idem.d", payload: {} }, { idempotencyKey: "key-ttl" });
    expect(b.id).not.toBe(a.id);
  });
});
