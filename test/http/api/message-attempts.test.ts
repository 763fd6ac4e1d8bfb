import { describe, test, expect, beforeAll, afterAll } from "bun:test";
import { MessageStatus, StatusCodeClass, MessageAttemptTriggerType } from "svix";
import { apiFixture, apiError, deliverNow, type ApiFixture } from "./helpers";
import { startReceiver, type Receiver } from "../../helpers/receiver";

let f: ApiFixture;
let good: Receiver;
let broken: Receiver;
let ok: string;
let bad: string;
let msgA: string;
let msgB: string;

// Two endpoints, one answering 200 and one 500; the schedule is a single try, so each pair ends at once.
beforeAll(async () => {
  f = await apiFixture({ HOOKRELAY_RETRY_SCHEDULE: "0s" });
  good = startReceiver();
  good.fallback = () => new Response("fine");
  broken = startReceiver();
  broken.fallback = () => new Response("boom", { status: 500 });
  await f.svix.application.create({ name: "Att", uid: "att" });
  ok = (await f.svix.endpoint.create("att", { url: `${good.url}/ok`, uid: "ok-ep" })).id;
  bad = (await f.svix.endpoint.create("att", { url: `${broken.url}/bad`, uid: "bad-ep" })).id;
  msgA = (await f.svix.message.create("att", { eventType: "a.one", payload: { n: 1 }, channels: ["red"], tags: ["t"] })).id;
  await deliverNow(f);
  f.t.clock.advance(1000);
  msgB = (await f.svix.message.create("att", { eventType: "a.two", payload: { n: 2 } })).id;
  await deliverNow(f);
  await good.waitFor(2);
  await broken.waitFor(2);
});
afterAll(async () => { await f.close(); good.close(); broken.close(); });

describe("message attempts through the svix SDK", () => {
  test("listByMsg returns each attempt with status, code, response body, duration and url", async () => {
    const page = await f.svix.messageAttempt.listByMsg("att", msgA);
    expect(page.data).toHaveLength(2);
    const byEp = Object.fromEntries(page.data.map((a) => [a.endpointId, a]));
    expect(byEp[ok]).toMatchObject({ msgId: msgA, status: MessageStatus.Success, responseStatusCode: 200, response: "fine", url: `${good.url}/ok`, triggerType: MessageAttemptTriggerType.Scheduled });
    expect(byEp[bad]).toMatchObject({ status: MessageStatus.Fail, responseStatusCode: 500, response: "boom" });
    expect(byEp[ok].id).toMatch(/^atmpt_/);
    expect(typeof byEp[ok].responseDurationMs).toBe("number");
    expect(byEp[ok].timestamp).toBeInstanceOf(Date);
  });

  test("listByMsg filters by status, status code class and endpoint (id or uid)", async () => {
    const fails = await f.svix.messageAttempt.listByMsg("att", msgA, { status: MessageStatus.Fail });
    expect(fails.data.map((a) => a.endpointId)).toEqual([bad]);
    const twoxx = await f.svix.messageAttempt.listByMsg("att", msgA, { statusCodeClass: StatusCodeClass.Code2xx });
    expect(twoxx.data.map((a) => a.endpointId)).toEqual([ok]);
    const one = await f.svix.messageAttempt.listByMsg("att", msgA, { endpointId: "bad-ep" });
    expect(one.data.map((a) => a.endpointId)).toEqual([bad]);
    expect((await f.svix.messageAttempt.listByMsg("att", msgA, { status: MessageStatus.Pending })).data).toEqual([]);
  });

  test("listByEndpoint lists newest first, can embed the message, and filters by event type and channel", async () => {
    const page = await f.svix.messageAttempt.listByEndpoint("att", "ok-ep", { withMsg: true });
    expect(page.data.map((a) => a.msgId)).toEqual([msgB, msgA]);
    expect(page.data[1].msg).toMatchObject({ id: msgA, eventType: "a.one", payload: { n: 1 } });
    expect((await f.svix.messageAttempt.listByEndpoint("att", ok, { eventTypes: ["a.two"] })).data.map((a) => a.msgId)).toEqual([msgB]);
    expect((await f.svix.messageAttempt.listByEndpoint("att", ok, { channel: "red" })).data.map((a) => a.msgId)).toEqual([msgA]);
    const paged = await f.svix.messageAttempt.listByEndpoint("att", ok, { limit: 1 });
    expect(paged.done).toBe(false);
    expect((await f.svix.messageAttempt.listByEndpoint("att", ok, { limit: 1, iterator: paged.iterator })).data.map((a) => a.msgId)).toEqual([msgA]);
  });

  test("listAttemptedMessages shows each message routed to the endpoint with the pair's state", async () => {
    const page = await f.svix.messageAttempt.listAttemptedMessages("att", bad);
    expect(page.data.map((m) => [m.id, m.statusText])).toEqual([[msgB, "fail"], [msgA, "fail"]]);
    expect(page.data[1]).toMatchObject({ eventType: "a.one", payload: { n: 1 }, status: MessageStatus.Fail });
    const succeeded = await f.svix.messageAttempt.listAttemptedMessages("att", ok, { status: MessageStatus.Success });
    expect(succeeded.data).toHaveLength(2);
  });

  test("listAttemptedDestinations shows the endpoints a message went to with their state", async () => {
    const page = await f.svix.messageAttempt.listAttemptedDestinations("att", msgA);
    const states = Object.fromEntries(page.data.map((e) => [e.id, e.status]));
    expect(states).toEqual({ [ok]: MessageStatus.Success, [bad]: MessageStatus.Fail });
    expect(page.data.find((e) => e.id === ok)).toMatchObject({ url: `${good.url}/ok`, uid: "ok-ep" });
  });

  test("get returns one attempt; unknown ids are 404; expunging content clears the response body", async () => {
    const [a] = (await f.svix.messageAttempt.listByMsg("att", msgB, { endpointId: ok })).data;
    expect((await f.svix.messageAttempt.get("att", msgB, a.id)).response).toBe("fine");
    await apiError(f.svix.messageAttempt.get("att", msgA, a.id), 404);
    await apiError(f.svix.messageAttempt.get("att", msgB, "atmpt_nope"), 404);
    await f.svix.messageAttempt.expungeContent("att", msgB, a.id);
    expect((await f.svix.messageAttempt.get("att", msgB, a.id)).response).toBe("");
  });

  test("endpoint stats count successes and failures", async () => {
    expect(await f.svix.endpoint.getStats("att", bad)).toMatchObject({ fail: 2, success: 0 });
    expect(await f.svix.endpoint.getStats("att", ok)).toMatchObject({ fail: 0, success: 2 });
  });

  test("bad filters are 422 naming the query parameter", async () => {
    const res = await f.t.api(`/api/v1/app/att/attempt/msg/${msgA}?status=9`);
    expect(res.status).toBe(422);
    expect((await res.json()).detail[0].loc).toEqual(["query", "status"]);
    await apiError(f.svix.messageAttempt.listByMsg("att", msgA, { endpointId: "nope" }), 404);
  });
});
