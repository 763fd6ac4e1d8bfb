// Polling endpoints: managed over hookrelay's own routes, read through the real svix SDKs'
// message.poller (1.x and 2.x), by an API token or the polling endpoint's own consumer key.
import { describe, test, expect, beforeAll, afterAll } from "bun:test";
import { Svix } from "svix";
import { Svix as Svix2 } from "svix2";
import { apiFixture, apiError, LATER, type ApiFixture } from "./helpers";
import { outboundServices } from "../../../src/http/api/services";
import { newMessageId } from "../../../src/store/messages";

let f: ApiFixture;
beforeAll(async () => {
  f = await apiFixture();
  for (const name of ["order.created", "order.paid", "user.created"]) await f.svix.eventType.create({ name, description: name });
});
afterAll(() => f.close());

const send = (appId: string, eventType: string, n: number, channels?: string[]) =>
  f.svix.message.create(appId, { eventType, payload: { n }, channels, deliverAt: LATER() } as never);

async function createPoller(appId: string, body: Record<string, unknown> = {}) {
  const r = await f.t.api(`/api/v1/app/${appId}/polling-endpoint`, { body });
  expect(r.status).toBe(201);
  return (await r.json()) as { id: string; uid: string | null; url: string; key: string; keyPrefix: string; filterTypes: string[] | null };
}

describe("message.poller.poll (svix 1.x)", () => {
  test("hands out the messages created since the polling endpoint, oldest first, and reports done when caught up", async () => {
    const app = await f.svix.application.create({ name: "Poll basics" });
    await send(app.id, "order.created", 0);
    const p = await createPoller(app.id, { uid: "audit" });
    expect(p.url).toBe(`${f.t.url}/api/v1/app/${app.id}/poller/${p.id}`);
    const sent = [];
    for (let n = 1; n <= 5; n++) sent.push(await send(app.id, "order.created", n));

    const first = await f.svix.message.poller.poll(app.id, p.id, { limit: 3 });
    expect(first.data.map((m) => m.id)).toEqual(sent.slice(0, 3).map((m) => m.id));
    expect(first.data[0].payload).toEqual({ n: 1 });
    expect(first.done).toBe(false);
    const rest = await f.svix.message.poller.poll(app.id, "audit", { iterator: first.iterator });
    expect(rest.data.map((m) => m.id)).toEqual(sent.slice(3).map((m) => m.id));
    expect(rest.done).toBe(true);
    const none = await f.svix.message.poller.poll(app.id, p.id, { iterator: rest.iterator });
    expect(none).toMatchObject({ data: [], done: true, iterator: rest.iterator });

    const later = await send(app.id, "order.created", 6);
    expect((await f.svix.message.poller.poll(app.id, p.id, { iterator: rest.iterator })).data.map((m) => m.id)).toEqual([later.id]);
  });

  test("the polling endpoint's event types and channels filter the stream, and the request's event_type and channel narrow it", async () => {
    const app = await f.svix.application.create({ name: "Poll filters" });
    const p = await createPoller(app.id, { filterTypes: ["order.created", "order.paid"], channels: ["eu", "us"] });
    const a = await send(app.id, "order.created", 1, ["eu"]);
    await send(app.id, "user.created", 2, ["eu"]);
    await send(app.id, "order.paid", 3);
    const d = await send(app.id, "order.paid", 4, ["us", "vip"]);
    await send(app.id, "order.created", 5, ["asia"]);
    const ids = async (opts: Record<string, unknown> = {}) => (await f.svix.message.poller.poll(app.id, p.id, opts)).data.map((m) => m.id);
    expect(await ids()).toEqual([a.id, d.id]);
    expect(await ids({ eventType: "order.paid" })).toEqual([d.id]);
    expect(await ids({ channel: "vip" })).toEqual([d.id]);
    expect(await ids({ channel: "eu" })).toEqual([a.id]);
  });

  test("`after` starts the read at a time instead of at the polling endpoint's creation", async () => {
    const app = await f.svix.application.create({ name: "Poll after" });
    const old = await send(app.id, "order.created", 1);
    const p = await createPoller(app.id);
    expect((await f.svix.message.poller.poll(app.id, p.id)).data).toEqual([]);
    expect((await f.svix.message.poller.poll(app.id, p.id, { after: new Date(Date.UTC(2020, 0, 1)) })).data.map((m) => m.id)).toEqual([old.id]);
    expect((await f.svix.message.poller.poll(app.id, p.id, { after: new Date(Date.UTC(2099, 0, 1)) })).data).toEqual([]);
  });

  test("a narrow filter over a long stretch of other messages answers part of the way with done false, and the iterator moves on", async () => {
    const app = await f.svix.application.create({ name: "Poll budget" });
    const p = await createPoller(app.id, { filterTypes: ["order.paid"] });
    const svc = outboundServices(f.t.app.ctx);
    const base = { appId: app.id, eventId: null, channels: null, tags: null, payload: "{}", deliverAt: LATER().getTime(), payloadExpiresAt: null };
    const now = f.t.clock.now();
    await Promise.all(Array.from({ length: 4_200 }, () => svc.messages.create(newMessageId(now), { ...base, eventType: "order.created" }, now)));
    const wanted = await send(app.id, "order.paid", 1);
    const first = await f.svix.message.poller.poll(app.id, p.id);
    expect(first).toMatchObject({ data: [], done: false });
    const second = await f.svix.message.poller.poll(app.id, p.id, { iterator: first.iterator });
    expect(second.data.map((m) => m.id)).toEqual([wanted.id]);
    expect(second.done).toBe(true);
  });
});

describe("message.poller consumers", () => {
  test("consumerPoll moves a named consumer past what it hands out; consumers are independent; consumerSeek moves one back", async () => {
    const app = await f.svix.application.create({ name: "Consumers" });
    const p = await createPoller(app.id);
    const sent = [];
    for (let n = 1; n <= 4; n++) sent.push((await send(app.id, "order.created", n)).id);
    const poll = async (consumer: string, limit = 50) => (await f.svix.message.poller.consumerPoll(app.id, p.id, consumer, { limit })).data.map((m) => m.id);

    expect(await poll("billing", 3)).toEqual(sent.slice(0, 3));
    expect(await poll("billing")).toEqual(sent.slice(3));
    expect(await poll("billing")).toEqual([]);
    expect(await poll("search")).toEqual(sent);

    const seek = await f.svix.message.poller.consumerSeek(app.id, p.id, "billing", { after: new Date(Date.UTC(2020, 0, 1)) });
    expect(typeof seek.iterator).toBe("string");
    expect(await poll("billing")).toEqual(sent);
    await f.svix.message.poller.consumerSeek(app.id, p.id, "billing", { after: new Date(Date.UTC(2099, 0, 1)) });
    expect(await poll("billing")).toEqual([]);
    expect(f.rows("SELECT consumer_id FROM polling_consumers WHERE polling_endpoint_id = ? ORDER BY consumer_id", p.id)).toEqual([{ consumer_id: "billing" }, { consumer_id: "search" }]);
  });

  test("an iterator given to consumerPoll reads from there instead of the consumer's place", async () => {
    const app = await f.svix.application.create({ name: "Consumer iterator" });
    const p = await createPoller(app.id);
    const a = (await send(app.id, "order.created", 1)).id;
    const b = (await send(app.id, "order.created", 2)).id;
    const first = await f.svix.message.poller.consumerPoll(app.id, p.id, "c1", { limit: 1 });
    expect(first.data.map((m) => m.id)).toEqual([a]);
    const again = await f.svix.message.poller.consumerPoll(app.id, p.id, "c1", { iterator: first.iterator });
    expect(again.data.map((m) => m.id)).toEqual([b]);
  });
});

describe("svix 2.x SDK", () => {
  test("message.poller.poll and consumerPoll read the same stream", async () => {
    const svix2 = new Svix2(f.t.token, { serverUrl: f.t.url });
    const app = await svix2.application.create({ name: "Poll 2.x" });
    const p = await createPoller(app.id);
    const m = await send(app.id, "order.created", 1);
    expect((await svix2.message.poller.poll(app.id, p.id)).data.map((x) => x.id)).toEqual([m.id]);
    expect((await svix2.message.poller.consumerPoll(app.id, p.id, "two")).data.map((x) => x.id)).toEqual([m.id]);
  });
});

describe("consumer keys", () => {
  test("a consumer key reads its own polling endpoint, by id or uid, and nothing else", async () => {
    const app = await f.svix.application.create({ name: "Keys", uid: "keys-app" });
    const p = await createPoller(app.id, { uid: "mine" });
    const other = await createPoller(app.id);
    expect(p.key).toMatch(/^hrp_/);
    expect(p.keyPrefix).toBe(p.key.slice(0, 10));
    const m = await send(app.id, "order.created", 1);
    const consumer = new Svix(p.key, { serverUrl: f.t.url });
    expect((await consumer.message.poller.poll(app.id, p.id)).data.map((x) => x.id)).toEqual([m.id]);
    expect((await consumer.message.poller.poll("keys-app", "mine")).data.map((x) => x.id)).toEqual([m.id]);
    expect((await consumer.message.poller.consumerPoll(app.id, p.id, "laptop")).data.map((x) => x.id)).toEqual([m.id]);
    await consumer.message.poller.consumerSeek(app.id, p.id, "laptop", { after: new Date(Date.UTC(2020, 0, 1)) });

    const body = await apiError(consumer.message.poller.poll(app.id, other.id), 403);
    expect(body.code).toBe("forbidden");
    await apiError(consumer.application.list(), 403);
    await apiError(consumer.message.create(app.id, { eventType: "order.created", payload: {} }), 403);
    expect((await f.t.api(`/api/v1/app/${app.id}/polling-endpoint/${p.id}/key/rotate`, { method: "POST", token: p.key })).status).toBe(403);
  });

  test("uids that spell another record's id do not lead a consumer key to that record", async () => {
    const victim = await f.svix.application.create({ name: "Victim app" });
    const victimPoller = await createPoller(victim.id, { uid: "audit" });
    await send(victim.id, "order.created", 1);
    const app = await f.svix.application.create({ name: "Lookalike app", uid: victim.id });
    const mine = await createPoller(app.id, { uid: "audit" });
    const consumer = new Svix(mine.key, { serverUrl: f.t.url });
    // {app_id} resolves with the id winning: this path is the victim's polling endpoint "audit".
    await apiError(consumer.message.poller.poll(victim.id, "audit"), 403);
    expect((await consumer.message.poller.poll(app.id, "audit")).data).toEqual([]);
    // Within one application, a uid spelling another polling endpoint's id reads that one, so the key is refused there too.
    const sibling = await createPoller(app.id, { uid: "sibling" });
    const lookalike = await createPoller(app.id, { uid: sibling.id });
    await apiError(new Svix(lookalike.key, { serverUrl: f.t.url }).message.poller.poll(app.id, sibling.id), 403);
    expect(victimPoller.id).not.toBe(mine.id);
  });

  test("the key is shown once, stored only as a hash, and a rotation retires the old key at once", async () => {
    const app = await f.svix.application.create({ name: "Rotate" });
    const p = await createPoller(app.id);
    const got = await (await f.t.api(`/api/v1/app/${app.id}/polling-endpoint/${p.id}`)).json();
    expect(got.key).toBeUndefined();
    expect(got.keyPrefix).toBe(p.keyPrefix);
    const [row] = f.rows<{ key_hash: string }>("SELECT key_hash FROM polling_endpoints WHERE id = ?", p.id);
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.key_hash).not.toContain(p.key);

    const r = await f.t.api(`/api/v1/app/${app.id}/polling-endpoint/${p.id}/key/rotate`, { method: "POST" });
    expect(r.status).toBe(200);
    const { key } = await r.json();
    expect(key).toMatch(/^hrp_/);
    await apiError(new Svix(p.key, { serverUrl: f.t.url }).message.poller.poll(app.id, p.id), 401);
    expect((await new Svix(key, { serverUrl: f.t.url }).message.poller.poll(app.id, p.id)).done).toBe(true);
  });
});

describe("managing polling endpoints", () => {
  test("list, get by uid, patch and delete; a deleted polling endpoint's key stops working", async () => {
    const app = await f.svix.application.create({ name: "Manage" });
    const p = await createPoller(app.id, { uid: "one", description: "first" });
    await createPoller(app.id, { uid: "two" });
    const list = await (await f.t.api(`/api/v1/app/${app.id}/polling-endpoint`)).json();
    expect(list.data.map((x: { uid: string }) => x.uid)).toEqual(["one", "two"]);
    expect(list.data.every((x: { key?: string }) => x.key === undefined)).toBe(true);

    const patched = await (await f.t.api(`/api/v1/app/${app.id}/polling-endpoint/one`, { method: "PATCH", body: { eventTypes: ["order.paid"] } })).json();
    expect(patched).toMatchObject({ id: p.id, uid: "one", description: "first", filterTypes: ["order.paid"], eventTypes: ["order.paid"] });

    expect((await f.t.api(`/api/v1/app/${app.id}/polling-endpoint/one`, { method: "DELETE" })).status).toBe(204);
    expect((await f.t.api(`/api/v1/app/${app.id}/polling-endpoint/one`)).status).toBe(404);
    await apiError(f.svix.message.poller.poll(app.id, p.id), 404);
    await apiError(new Svix(p.key, { serverUrl: f.t.url }).message.poller.poll(app.id, p.id), 401);
  });

  test("deleting the application deletes its polling endpoints and their consumers' places", async () => {
    const app = await f.svix.application.create({ name: "Cascade" });
    const p = await createPoller(app.id);
    await f.svix.message.poller.consumerPoll(app.id, p.id, "c");
    await f.svix.application.delete(app.id);
    expect(f.rows("SELECT id FROM polling_endpoints WHERE id = ?", p.id)).toEqual([]);
    expect(f.rows("SELECT consumer_id FROM polling_consumers WHERE polling_endpoint_id = ?", p.id)).toEqual([]);
  });

  test("an application has at most --max-endpoints-per-app polling endpoints, counted apart from its endpoints", async () => {
    const small = await apiFixture({ HOOKRELAY_MAX_ENDPOINTS_PER_APP: "2" });
    try {
      const app = await small.svix.application.create({ name: "Small" });
      const post = (body: unknown) => small.t.api(`/api/v1/app/${app.id}/polling-endpoint`, { body });
      expect((await post({})).status).toBe(201);
      expect((await post({})).status).toBe(201);
      const third = await post({});
      expect(third.status).toBe(409);
      expect((await third.json()).detail).toContain("2 polling endpoints; the limit is 2");
      const viaDestination = await small.t.api(`/api/v1/app/${app.id}/destination`, { body: { type: "pollingEndpoint", config: {} } });
      expect(viaDestination.status).toBe(409);
      await small.svix.endpoint.create(app.id, { url: "http://127.0.0.1:9/a" });
      await small.svix.endpoint.create(app.id, { url: "http://127.0.0.1:9/b" });
    } finally {
      await small.close();
    }
  });

  test("bad input gets 409, 422 and 404 with the field named", async () => {
    const app = await f.svix.application.create({ name: "Bad input" });
    const p = await createPoller(app.id, { uid: "taken" });
    const post = (body: unknown) => f.t.api(`/api/v1/app/${app.id}/polling-endpoint`, { body });
    expect((await post({ uid: "taken" })).status).toBe(409);
    const unknownType = await post({ filterTypes: ["no.such.type"] });
    expect(unknownType.status).toBe(422);
    expect(JSON.stringify(await unknownType.json())).toContain("no.such.type");
    expect((await post({ uid: "has space" })).status).toBe(422);
    expect((await post({ channels: [] })).status).toBe(422);
    expect((await f.t.api(`/api/v1/app/app_none/polling-endpoint`, { body: {} })).status).toBe(404);

    const poll = (q: string) => f.t.api(`/api/v1/app/${app.id}/poller/${p.id}${q}`);
    expect((await poll("?iterator=nonsense")).status).toBe(422);
    expect((await poll("?limit=0")).status).toBe(422);
    expect((await poll("?limit=251")).status).toBe(422);
    expect((await poll("?after=yesterday")).status).toBe(422);
    expect((await f.t.api(`/api/v1/app/${app.id}/poller/poll_none`)).status).toBe(404);
    expect((await f.t.api(`/api/v1/app/${app.id}/poller/${p.id}/consumer/has%20space`)).status).toBe(422);
    expect((await f.t.api(`/api/v1/app/${app.id}/poller/${p.id}/consumer/c/seek`, { body: {} })).status).toBe(422);
    expect((await f.t.api(`/api/v1/app/${app.id}/poller/${p.id}/consumer/c/seek`, { body: { after: "soon" } })).status).toBe(422);
    expect((await f.t.api(`/api/v1/app/${app.id}/poller/${p.id}`, { token: "hrp_unknown" })).status).toBe(401);
  });
});

describe("the read horizon", () => {
  test("a message is outside the stream from the moment its id is taken until its commit is synced", async () => {
    const app = await f.svix.application.create({ name: "Horizon" });
    await createPoller(app.id);
    const svc = outboundServices(f.t.app.ctx);
    const now = f.t.clock.now();
    const id = newMessageId(now);
    const creating = svc.messages.create(id, { appId: app.id, eventType: "order.created", eventId: null, channels: null, tags: null, payload: "{}", deliverAt: LATER().getTime(), payloadExpiresAt: null }, now);
    expect(svc.messages.uncommittedFloor()).toBe(id);
    await creating;
    expect(svc.messages.uncommittedFloor()).toBeNull();
  });

  test("a read stops below the horizon, so a message committed after a newer one is not stepped over", async () => {
    const app = await f.svix.application.create({ name: "Horizon read" });
    const p = await createPoller(app.id);
    const ids = [];
    for (let n = 1; n <= 3; n++) ids.push((await send(app.id, "order.created", n)).id);
    const svc = outboundServices(f.t.app.ctx);
    const filter = { filterTypes: null, channels: null, eventType: null, channel: null };
    const start = `msg_${p.id.slice(5)}`;
    // As if the second message were still being committed: the read ends just before it.
    const held = svc.feed.read(app.id, start, 50, filter, ids[1]);
    expect(held.data.map((m) => m.id)).toEqual([ids[0]]);
    expect(held.position).toBe(ids[0]);
    expect(held.done).toBe(true);
    const after = svc.feed.read(app.id, held.position, 50, filter, null);
    expect(after.data.map((m) => m.id)).toEqual(ids.slice(1));
  });

  test("the stream reads through the application's message index", () => {
    const plan = f.rows<{ detail: string }>("EXPLAIN QUERY PLAN SELECT id, event_type, channels FROM messages WHERE app_id = ? AND id > ? AND id < ? ORDER BY id LIMIT ?", "app_x", "msg_a", "msg_z", 10);
    expect(plan.map((r) => r.detail).join(" ")).toContain("messages_app_idx");
  });
});
