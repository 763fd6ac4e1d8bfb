import { describe, test, expect, beforeEach, afterEach } from "bun:test";
import { BackgroundTaskStatus, BackgroundTaskType, MessageAttemptTriggerType } from "svix";
import { apiFixture, apiError, locs, deliverNow, tasksIdle, type ApiFixture } from "./helpers";
import { startReceiver, type Receiver } from "../../helpers/receiver";
import { newId } from "../../../src/lib/ids";

let f: ApiFixture;
let rx: Receiver;
const ids = (reqs: { headers: Record<string, string> }[]) => reqs.map((r) => r.headers["webhook-id"]);

// One attempt per pair (schedule "0s"), so a 500 leaves the pair failed at once.
beforeEach(async () => {
  f = await apiFixture({ HOOKRELAY_RETRY_SCHEDULE: "0s" });
  rx = startReceiver();
  await f.svix.application.create({ name: "R", uid: "r" });
  for (const name of ["a.one", "a.two"]) await f.svix.eventType.create({ name, description: "" });
});
afterEach(async () => { await f.close(); rx.close(); });

const since = () => new Date(f.t.clock.now() - 3600_000);

describe("recover", () => {
  test("re-sends the endpoint's failed messages since a time, as a background task", async () => {
    const ep = (await f.svix.endpoint.create("r", { url: rx.url })).id;
    rx.fallback = () => new Response("down", { status: 500 });
    const m1 = (await f.svix.message.create("r", { eventType: "a.one", payload: { n: 1 } })).id;
    const m2 = (await f.svix.message.create("r", { eventType: "a.one", payload: { n: 2 } })).id;
    await deliverNow(f);
    expect(f.rows<{ status: string }>("SELECT status FROM deliveries WHERE endpoint_id = ?", ep).map((r) => r.status)).toEqual(["failed", "failed"]);

    rx.fallback = () => new Response("back");
    const task = await f.svix.endpoint.recover("r", ep, { since: since() });
    expect(task).toMatchObject({ status: BackgroundTaskStatus.Running, task: BackgroundTaskType.EndpointRecover });
    expect(task.id).toMatch(/^qtask_/);
    await tasksIdle(f);
    await deliverNow(f);
    expect(ids((await rx.waitFor(4)).slice(2)).sort()).toEqual([m1, m2].sort());

    const done = await f.svix.backgroundTask.get(task.id);
    expect(done).toMatchObject({ status: BackgroundTaskStatus.Finished, data: { requeued: 2, queued: 0, endpointId: ep } });
    const attempts = await f.svix.messageAttempt.listByMsg("r", m1);
    expect(attempts.data.map((a) => a.triggerType)).toEqual([MessageAttemptTriggerType.Manual, MessageAttemptTriggerType.Scheduled]);
  });

  test("also queues what a disabled endpoint missed, once it is enabled again", async () => {
    const ep = (await f.svix.endpoint.create("r", { url: rx.url, disabled: true })).id;
    const missed = (await f.svix.message.create("r", { eventType: "a.one", payload: {} })).id;
    expect(f.rows("SELECT id FROM deliveries WHERE endpoint_id = ?", ep)).toEqual([]);
    await f.svix.endpoint.patch("r", ep, { disabled: false });
    const task = await f.svix.endpoint.recover("r", ep, { since: since() });
    await tasksIdle(f);
    expect(f.rows<any>("SELECT message_id, manual FROM deliveries WHERE endpoint_id = ?", ep)).toEqual([{ message_id: missed, manual: 1 }]);
    await deliverNow(f);
    expect(ids(await rx.waitFor(1))).toEqual([missed]);
    expect((await f.svix.backgroundTask.get(task.id)).data).toMatchObject({ queued: 1, requeued: 0 });
  });

  test("ignores messages outside [since, until)", async () => {
    const ep = (await f.svix.endpoint.create("r", { url: rx.url })).id;
    rx.fallback = () => new Response("down", { status: 500 });
    await f.svix.message.create("r", { eventType: "a.one", payload: {} });
    await deliverNow(f);
    f.t.clock.advance(60_000);
    const task = await f.svix.endpoint.recover("r", ep, { since: new Date(f.t.clock.now() - 1000) });
    await tasksIdle(f);
    expect((await f.svix.backgroundTask.get(task.id)).data).toMatchObject({ requeued: 0, queued: 0 });
    expect(locs(await apiError(f.svix.endpoint.recover("r", ep, {} as never), 422))).toEqual([["body", "since"]]);
  });
});

describe("endpoints the engine disables", () => {
  test("a 410 disables the endpoint and the very next message gets no delivery for it", async () => {
    const ep = (await f.svix.endpoint.create("r", { url: rx.url })).id;
    rx.respond(new Response("gone", { status: 410 }));
    await f.svix.message.create("r", { eventType: "a.one", payload: {} });
    await deliverNow(f);
    expect((await f.svix.endpoint.get("r", ep)).disabled).toBe(true);
    const next = (await f.svix.message.create("r", { eventType: "a.one", payload: {} })).id;
    expect(f.rows("SELECT id FROM deliveries WHERE message_id = ?", next)).toEqual([]);
  });
});

describe("replay-missing", () => {
  test("sends every matching message the endpoint never got, including ones from before it existed", async () => {
    const early = (await f.svix.message.create("r", { eventType: "a.one", payload: { early: true } })).id;
    await f.svix.message.create("r", { eventType: "a.two", payload: {} });
    const ep = (await f.svix.endpoint.create("r", { url: rx.url, filterTypes: ["a.one"] })).id;
    const later = (await f.svix.message.create("r", { eventType: "a.one", payload: {} })).id;
    await deliverNow(f);
    expect(ids(await rx.waitFor(1))).toEqual([later]);

    const task = await f.svix.endpoint.replayMissing("r", ep, { since: since() });
    expect(task.task).toBe(BackgroundTaskType.EndpointReplay);
    await tasksIdle(f);
    await deliverNow(f);
    expect(ids(await rx.waitFor(2))).toEqual([later, early]);
    expect((await f.svix.backgroundTask.get(task.id)).data).toMatchObject({ queued: 1 });
  });
});

describe("resend", () => {
  test("sends a message to one endpoint again, with the same webhook-id and a manual attempt", async () => {
    const ep = (await f.svix.endpoint.create("r", { url: rx.url })).id;
    const m = (await f.svix.message.create("r", { eventType: "a.one", payload: {} })).id;
    await deliverNow(f);
    await f.svix.messageAttempt.resend("r", m, ep);
    await deliverNow(f);
    expect(ids(await rx.waitFor(2))).toEqual([m, m]);
    const [latest] = (await f.svix.messageAttempt.listByMsg("r", m)).data;
    expect(latest.triggerType).toBe(MessageAttemptTriggerType.Manual);
  });

  test("unknown message or endpoint is a 404; an expunged message is a 409", async () => {
    const ep = (await f.svix.endpoint.create("r", { url: rx.url })).id;
    const m = (await f.svix.message.create("r", { eventType: "a.one", payload: {} })).id;
    await apiError(f.svix.messageAttempt.resend("r", "msg_nope", ep), 404);
    await apiError(f.svix.messageAttempt.resend("r", m, "ep_nope"), 404);
    await f.svix.message.expungeContent("r", m);
    await apiError(f.svix.messageAttempt.resend("r", m, ep), 409);
  });
});

describe("bulk-replay", () => {
  test("sends again every message of the window the endpoint got, whatever the outcome, and the filters narrow it", async () => {
    const ep = (await f.svix.endpoint.create("r", { url: rx.url })).id;
    let failNext = false;
    rx.fallback = () => (failNext ? new Response("down", { status: 503 }) : new Response("ok"));
    const ok1 = (await f.svix.message.create("r", { eventType: "a.one", payload: { n: 1 }, channels: ["eu"] })).id;
    const ok2 = (await f.svix.message.create("r", { eventType: "a.two", payload: { n: 2 }, tags: ["vip"] })).id;
    await deliverNow(f);
    failNext = true;
    const bad = (await f.svix.message.create("r", { eventType: "a.one", payload: { n: 3 } })).id;
    await deliverNow(f);
    await rx.waitFor(3);
    failNext = false;

    const replay = async (body: Record<string, unknown>) => {
      const before = rx.requests.length;
      const task = await f.svix.endpoint.bulkReplay("r", ep, { since: since(), ...body } as never);
      expect(task).toMatchObject({ status: BackgroundTaskStatus.Running, task: BackgroundTaskType.EndpointBulkReplay });
      await tasksIdle(f);
      await deliverNow(f);
      const done = await f.svix.backgroundTask.get(task.id);
      expect(done.status).toBe(BackgroundTaskStatus.Finished);
      const n = (done.data as { requeued: number }).requeued;
      return ids(n ? (await rx.waitFor(before + n)).slice(before) : []).sort();
    };
    expect(await replay({})).toEqual([ok1, ok2, bad].sort());
    expect(await replay({ status: 2 })).toEqual([]);
    expect(await replay({ eventTypes: ["a.one"] })).toEqual([ok1, bad].sort());
    expect(await replay({ channel: "eu" })).toEqual([ok1]);
    expect(await replay({ tag: "vip" })).toEqual([ok2]);
    expect(await replay({ statusCodeClass: 400 })).toEqual([]);
    expect(await replay({ until: new Date(since().getTime() + 1000) })).toEqual([]);
    // Every replay of a pair is a new attempt with the same webhook-id, marked manual.
    const attempts = await f.svix.messageAttempt.listByMsg("r", ok1);
    expect(attempts.data.length).toBe(4);
    expect(attempts.data[0].triggerType).toBe(MessageAttemptTriggerType.Manual);
  });

  test("a failed pair is replayed by status 2, and bad filters are 422", async () => {
    const ep = (await f.svix.endpoint.create("r", { url: rx.url })).id;
    rx.fallback = () => new Response("down", { status: 500 });
    const m = (await f.svix.message.create("r", { eventType: "a.one", payload: {} })).id;
    await deliverNow(f);
    await rx.waitFor(1);
    rx.fallback = () => new Response("back");
    const task = await f.svix.endpoint.bulkReplay("r", ep, { since: since(), status: 2, statusCodeClass: 500 } as never);
    await tasksIdle(f);
    await deliverNow(f);
    expect(ids((await rx.waitFor(2)).slice(1))).toEqual([m]);
    expect((await f.svix.backgroundTask.get(task.id)).data).toMatchObject({ requeued: 1, endpointId: ep });
    const post = (body: unknown) => f.t.api(`/api/v1/app/r/endpoint/${ep}/bulk-replay`, { body });
    expect((await post({})).status).toBe(422);
    expect((await post({ since: since().toISOString(), statusCodeClass: 250 })).status).toBe(422);
    expect((await post({ since: since().toISOString(), status: 7 })).status).toBe(422);
    expect((await f.t.api("/api/v1/app/r/endpoint/ep_none/bulk-replay", { body: { since: since().toISOString() } })).status).toBe(404);
  });
});

describe("expunge-all-contents", () => {
  test("deletes every payload of the application as a background task, and no other application's", async () => {
    for (let n = 0; n < 3; n++) await f.svix.message.create("r", { eventType: "a.one", payload: { secret: n } });
    const other = await f.svix.application.create({ name: "Other" });
    const kept = (await f.svix.message.create(other.id, { eventType: "a.one", payload: { keep: true } })).id;
    const task = await f.svix.message.expungeAllContents("r");
    expect(task).toMatchObject({ status: BackgroundTaskStatus.Running, task: BackgroundTaskType.ApplicationPurgeContent });
    await tasksIdle(f);
    expect((await f.svix.backgroundTask.get(task.id))).toMatchObject({ status: BackgroundTaskStatus.Finished, data: { expunged: 3 } });
    expect((await f.svix.message.list("r")).data.map((m) => m.payload)).toEqual([{}, {}, {}]);
    expect((await f.svix.message.get(other.id, kept)).payload).toEqual({ keep: true });
    expect(f.rows("SELECT count(*) AS n FROM messages WHERE app_id = (SELECT id FROM applications WHERE uid = 'r') AND payload IS NOT NULL")).toEqual([{ n: 0 }]);
    await apiError(f.svix.message.expungeAllContents("app_none"), 404);
  });
});

describe("background tasks", () => {
  test("list newest first with status and task filters; unknown id is 404", async () => {
    const ep = (await f.svix.endpoint.create("r", { url: rx.url })).id;
    const t1 = await f.svix.endpoint.recover("r", ep, { since: since() });
    const t2 = await f.svix.endpoint.replayMissing("r", ep, { since: since() });
    await tasksIdle(f);
    expect((await f.svix.backgroundTask.list()).data.map((t) => t.id)).toEqual([t2.id, t1.id]);
    expect((await f.svix.backgroundTask.list({ task: BackgroundTaskType.EndpointRecover })).data.map((t) => t.id)).toEqual([t1.id]);
    expect((await f.svix.backgroundTask.list({ status: BackgroundTaskStatus.Finished })).data).toHaveLength(2);
    expect((await f.svix.backgroundTask.list({ status: BackgroundTaskStatus.Running })).data).toHaveLength(0);
    await apiError(f.svix.backgroundTask.get("qtask_nope"), 404);
  });
});

describe("statistics", () => {
  test("aggregateAppStats counts each application's message destinations in the window; unknown names come back unresolved", async () => {
    await f.svix.endpoint.create("r", { url: rx.url, filterTypes: ["a.one"] });
    await f.svix.endpoint.create("r", { url: rx.url });
    const other = await f.svix.application.create({ name: "Quiet" });
    // An id taken at the real time (weeks after the fake clock) makes every later id run ahead of
    // its message's created_at, as after a clock step back: the count must go by created_at.
    newId("clamp");
    const later = new Date(Date.UTC(2030, 0, 1));
    await f.svix.message.create("r", { eventType: "a.one", payload: {}, deliverAt: later } as never);
    await f.svix.message.create("r", { eventType: "a.two", payload: {}, deliverAt: later } as never);
    const until = new Date(f.t.clock.now() + 1);
    const task = await f.svix.statistics.aggregateAppStats({ since: since(), until, appIds: ["r", other.id, "app_missing"] });
    expect(task).toMatchObject({ status: BackgroundTaskStatus.Running, task: BackgroundTaskType.ApplicationStats, unresolvedAppIds: ["app_missing"] });
    await tasksIdle(f);
    const done = await f.svix.backgroundTask.get(task.id);
    const stats = (done.data as { appStats: { appUid: string | null; messageDestinations: number }[] }).appStats;
    expect(Object.fromEntries(stats.map((s) => [s.appUid ?? "quiet", s.messageDestinations]))).toEqual({ r: 3, quiet: 0 });
    // A window before the messages counts none.
    const before = await f.svix.statistics.aggregateAppStats({ since: new Date(since().getTime() - 7_200_000), until: since() });
    await tasksIdle(f);
    const empty = (await f.svix.backgroundTask.get(before.id)).data as { appStats: { messageDestinations: number }[] };
    expect(empty.appStats.every((s) => s.messageDestinations === 0)).toBe(true);
    expect((await f.t.api("/api/v1/stats/usage/app", { body: { since: until.toISOString(), until: since().toISOString() } })).status).toBe(422);
  });

  test("aggregateEventTypes lists what each application's enabled endpoints subscribe to", async () => {
    await f.svix.endpoint.create("r", { url: rx.url, filterTypes: ["a.two", "a.one"] });
    const other = await f.svix.application.create({ name: "All" });
    await f.svix.endpoint.create(other.id, { url: rx.url });
    await f.svix.endpoint.create(other.id, { url: rx.url, filterTypes: ["a.one"], disabled: true });
    const task = await f.svix.statistics.aggregateEventTypes();
    expect(task).toMatchObject({ task: BackgroundTaskType.EventTypeAggregate });
    await tasksIdle(f);
    const rows = ((await f.svix.backgroundTask.get(task.id)).data as { event_types: { appId: string; explicitlySubscribedEventTypes: string[]; hasCatchAllEndpoint: boolean }[] }).event_types;
    const r = (await f.svix.application.get("r")).id;
    expect(rows.find((x) => x.appId === r)).toEqual({ appId: r, explicitlySubscribedEventTypes: ["a.one", "a.two"], hasCatchAllEndpoint: false });
    expect(rows.find((x) => x.appId === other.id)).toEqual({ appId: other.id, explicitlySubscribedEventTypes: [], hasCatchAllEndpoint: true });
  });
});
