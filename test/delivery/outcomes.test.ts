import { afterEach, describe, expect, test } from "bun:test";
import { deliveryFixture, type Fixture } from "./fixture";
import { startReceiver, type Receiver } from "../helpers/receiver";

let fx: Fixture;
let rx: Receiver;
let other: Receiver | undefined;
afterEach(async () => { rx?.close(); other?.close(); other = undefined; await fx?.close(); });

async function setup(env?: Record<string, string>) {
  fx = await deliveryFixture({ env });
  fx.engine.random = () => 0.5; // no jitter: delays are exactly the schedule
  rx = startReceiver();
}

describe("retries on the schedule", () => {
  test("a 500 is retried after the schedule's 5 s and the following 200 succeeds, with both attempts logged", async () => {
    await setup();
    rx.respond(new Response("boom", { status: 500 }), new Response("thanks", { status: 200 }));
    const ep = fx.endpoint({ url: rx.url });
    const msgId = fx.message([ep.id]);
    const t0 = fx.clock.now();
    await fx.run();
    let d = fx.delivery(msgId, ep.id);
    expect(d).toMatchObject({ status: "pending", attempt_count: 1, last_status_code: 500, next_attempt_at: t0 + 5_000, lease_until: null });

    fx.clock.advance(4_999);
    await fx.run();
    expect(rx.requests).toHaveLength(1); // not due yet

    fx.clock.advance(1);
    await fx.run();
    d = fx.delivery(msgId, ep.id);
    expect(d).toMatchObject({ status: "success", attempt_count: 2, last_status_code: 200, next_attempt_at: null });
    const attempts = fx.attempts(msgId);
    expect(attempts.map((a) => [a.attempt_number, a.response_status, a.success, a.response_body, a.trigger_type])).toEqual([
      [1, 500, 0, "boom", 0],
      [2, 200, 1, "thanks", 0],
    ]);
    expect(attempts[0].created_at).toBe(t0);
    expect(attempts[1].created_at).toBe(t0 + 5_000);
  });

  test("jitter keeps each retry within ±20 % of the scheduled delay", async () => {
    await setup();
    rx.fallback = () => new Response("", { status: 500 });
    const ep = fx.endpoint({ url: rx.url, retrySchedule: [0, 100, 100] });
    const low = fx.message([ep.id]);
    fx.engine.random = () => 0;
    await fx.run();
    expect(fx.delivery(low, ep.id).next_attempt_at).toBe(fx.clock.now() + 80_000);
    const high = fx.message([ep.id]);
    fx.engine.random = () => 0.999999;
    await fx.run();
    expect(fx.delivery(high, ep.id).next_attempt_at).toBe(fx.clock.now() + 120_000);
  });

  test("after the last scheduled attempt the delivery is failed and message.attempt.exhausted is emitted", async () => {
    await setup();
    rx.fallback = () => new Response("down", { status: 502 });
    const ep = fx.endpoint({ url: rx.url, retrySchedule: [0, 1, 2] });
    const msgId = fx.message([ep.id]);
    await fx.run();
    fx.clock.advance(1_000);
    await fx.run();
    fx.clock.advance(2_000);
    await fx.run();
    expect(fx.delivery(msgId, ep.id)).toMatchObject({ status: "failed", attempt_count: 3, next_attempt_at: null });
    expect(fx.attempts(msgId)).toHaveLength(3);
    fx.clock.advance(86_400_000);
    await fx.run();
    expect(rx.requests).toHaveLength(3);
    expect(fx.events.filter((e) => e.type === "message.attempt.exhausted")).toMatchObject([{ messageId: msgId, endpointId: ep.id, reason: "exhausted", lastStatus: 502 }]);
  });

  test("the global retry-schedule option applies, its first entry delaying the first attempt", async () => {
    await setup({ HOOKRELAY_RETRY_SCHEDULE: "2s,10s" });
    const ep = fx.endpoint({ url: rx.url });
    const msgId = fx.message([ep.id]);
    await fx.run();
    expect(rx.requests).toHaveLength(0);
    expect(fx.delivery(msgId, ep.id)).toMatchObject({ status: "pending", attempt_count: 0, next_attempt_at: fx.clock.now() + 2_000 });
    fx.clock.advance(2_000);
    await fx.run();
    expect(rx.requests).toHaveLength(1);
  });

  test("a failed manual resend is tried once, logged as manual, and not rescheduled", async () => {
    await setup();
    rx.respond(new Response("ok"), new Response("nope", { status: 500 }));
    const ep = fx.endpoint({ url: rx.url });
    const msgId = fx.message([ep.id]);
    await fx.run();
    fx.resend(msgId, ep.id);
    await fx.run();
    expect(fx.delivery(msgId, ep.id)).toMatchObject({ status: "failed", attempt_count: 2, manual: 0 });
    expect(fx.attempts(msgId).map((a) => a.trigger_type)).toEqual([0, 1]);
    expect(fx.events.some((e) => e.type === "message.attempt.exhausted")).toBe(false);
  });
});

describe("Retry-After", () => {
  test("a 429 with Retry-After in seconds longer than the schedule delays the retry to it", async () => {
    await setup();
    rx.respond(new Response("slow down", { status: 429, headers: { "retry-after": "120" } }));
    const ep = fx.endpoint({ url: rx.url });
    const msgId = fx.message([ep.id]);
    await fx.run();
    expect(fx.delivery(msgId, ep.id).next_attempt_at).toBe(fx.clock.now() + 120_000);
  });

  test("a 503 with an HTTP-date Retry-After is honoured, but never beyond one hour", async () => {
    await setup();
    const ep = fx.endpoint({ url: rx.url });
    rx.respond(() => new Response("maintenance", { status: 503, headers: { "retry-after": new Date(fx.clock.now() + 600_000).toUTCString() } }));
    const a = fx.message([ep.id]);
    await fx.run();
    expect(fx.delivery(a, ep.id).next_attempt_at).toBe(fx.clock.now() + 600_000);
    rx.respond(new Response("", { status: 503, headers: { "retry-after": String(7 * 86_400) } }));
    const b = fx.message([ep.id]);
    await fx.run();
    expect(fx.delivery(b, ep.id).next_attempt_at).toBe(fx.clock.now() + 3_600_000);
  });

  test("a Retry-After shorter than the schedule does not make the retry come sooner", async () => {
    await setup();
    rx.respond(new Response("", { status: 429, headers: { "retry-after": "1" } }));
    const ep = fx.endpoint({ url: rx.url });
    const msgId = fx.message([ep.id]);
    await fx.run();
    expect(fx.delivery(msgId, ep.id).next_attempt_at).toBe(fx.clock.now() + 5_000);
  });
});

describe("outcome rules", () => {
  test("410 Gone fails the delivery, disables the endpoint, and its other pending deliveries fail unsent", async () => {
    await setup();
    rx.respond(new Response("gone", { status: 410 }));
    const ep = fx.endpoint({ url: rx.url });
    const first = fx.message([ep.id]);
    await fx.run();
    expect(fx.delivery(first, ep.id).status).toBe("failed");
    expect(fx.endpointRow(ep.id)).toMatchObject({ disabled: 1, disabled_reason: "the endpoint answered 410 Gone" });
    expect(fx.events.map((e) => e.type)).toContain("endpoint.disabled");
    const second = fx.message([ep.id]);
    await fx.run();
    expect(fx.delivery(second, ep.id)).toMatchObject({ status: "failed", attempt_count: 0 });
    expect(rx.requests).toHaveLength(1);
  });

  test("a 3xx is not followed and counts as a failed attempt", async () => {
    await setup();
    other = startReceiver();
    rx.respond(new Response(null, { status: 302, headers: { location: `${other.url}/elsewhere` } }));
    const ep = fx.endpoint({ url: rx.url });
    const msgId = fx.message([ep.id]);
    await fx.run();
    expect(other.requests).toHaveLength(0);
    expect(fx.delivery(msgId, ep.id)).toMatchObject({ status: "pending", last_status_code: 302 });
    expect(fx.attempts(msgId)[0]).toMatchObject({ response_status: 302, success: 0 });
  });

  test("a timeout is classified as such and retried", async () => {
    await setup();
    let release!: () => void;
    const hold = new Promise<void>((r) => { release = r; });
    rx.respond(async () => { await hold; return new Response("late"); });
    const ep = fx.endpoint({ url: rx.url, timeoutMs: 150 });
    const msgId = fx.message([ep.id]);
    await fx.run();
    release();
    expect(fx.attempts(msgId)[0]).toMatchObject({ error_class: "timeout", response_status: null, success: 0 });
    expect(fx.delivery(msgId, ep.id)).toMatchObject({ status: "pending", attempt_count: 1 });
  });

  test("a refused connection is retried with the error class recorded", async () => {
    await setup();
    const dead = startReceiver();
    const url = dead.url;
    dead.close();
    const ep = fx.endpoint({ url });
    const msgId = fx.message([ep.id]);
    await fx.run();
    expect(fx.attempts(msgId)[0].error_class).toBe("connection_refused");
    expect(fx.delivery(msgId, ep.id).status).toBe("pending");
  });

  test("a destination refused by the SSRF policy is recorded as blocked and failed at once", async () => {
    fx = await deliveryFixture({ allowPrivate: false });
    rx = startReceiver();
    const ep = fx.endpoint({ url: rx.url });
    const msgId = fx.message([ep.id]);
    await fx.run();
    expect(rx.requests).toHaveLength(0);
    expect(fx.attempts(msgId)[0]).toMatchObject({ error_class: "blocked", success: 0 });
    expect(fx.delivery(msgId, ep.id)).toMatchObject({ status: "failed", attempt_count: 1 });
    expect(fx.events.filter((e) => e.type === "message.attempt.exhausted")).toMatchObject([{ reason: "blocked" }]);
  });
});
