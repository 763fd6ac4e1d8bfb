import { afterEach, describe, expect, test } from "bun:test";
import { deliveryFixture, type Fixture } from "./fixture";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { createApp, type App } from "../../src/app";
import { FakeClock } from "../../src/lib/clock";
import { silentLogger } from "../../src/lib/log";
import { deliveryEngine, LEASE_GRACE_MS, SENDER_NET_SERVICE } from "../../src/delivery";
import { loopbackNet } from "../helpers/loopback-net";

let fx: Fixture;
let rx: Receiver;
let second: App | undefined;
afterEach(async () => { rx?.close(); await second?.stop(1000); second = undefined; await fx?.close(); });

/** The first request hangs until the receiver closes (a stuck delivery); later ones get 200. */
function stuckThenOk(): Receiver {
  const r = startReceiver();
  const never = new Promise<Response>(() => {});
  r.respond(() => never);
  return r;
}

describe("leases and crash recovery", () => {
  test("a delivery abandoned by a crash mid-request is delivered again after the lease, with the same webhook-id", async () => {
    fx = await deliveryFixture({ env: { HOOKRELAY_SHUTDOWN_GRACE: "50ms" } });
    rx = stuckThenOk();
    const ep = fx.endpoint({ url: rx.url, timeoutMs: 60_000 });
    const msgId = fx.message([ep.id]);
    const t0 = fx.clock.now();
    fx.engine.cycle();
    const [first] = await rx.waitFor(1);
    const lease = t0 + 60_000 + LEASE_GRACE_MS;
    expect(fx.delivery(msgId, ep.id)).toMatchObject({ status: "sending", lease_until: lease, attempt_count: 0 });

    // "Crash": the first instance goes away while its request is still open; the data dir stays.
    await fx.t.app.stop(50);
    const clock = new FakeClock(t0 + 1_000);
    second = await createApp({ config: fx.ctx.config, clock, log: silentLogger, services: { [SENDER_NET_SERVICE]: loopbackNet() } });
    const engine = deliveryEngine(second.ctx);
    const row = () => second!.ctx.store.sqlite.query<{ status: string; attempt_count: number }, [string]>("SELECT status, attempt_count FROM deliveries WHERE message_id = ?").get(msgId)!;

    clock.set(lease - 1);
    engine.cycle();
    await engine.idle();
    expect(rx.requests).toHaveLength(1); // the lease still protects it

    clock.set(lease);
    await second.ctx.scheduler.tick(); // the "deliveries" job finds the expired lease through the due index
    await engine.idle();
    const [, again] = await rx.waitFor(2);
    expect(again.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
    expect(again.headers["webhook-id"]).toBe(msgId);
    expect(row()).toEqual({ status: "success", attempt_count: 1 });
    const attempts = second.ctx.store.sqlite.query<{ attempt_number: number; success: number }, []>("SELECT attempt_number, success FROM attempts").all();
    expect(attempts).toEqual([{ attempt_number: 1, success: 1 }]);
  });

  test("in one process, a claim whose lease expired is re-sent, and the late first result does not overwrite the second", async () => {
    fx = await deliveryFixture();
    rx = startReceiver();
    const release = rx.hold(() => new Response("late", { status: 500 }));
    const ep = fx.endpoint({ url: rx.url, timeoutMs: 60_000 });
    const msgId = fx.message([ep.id]);
    fx.engine.cycle();
    await rx.waitFor(1);
    fx.clock.advance(60_000 + LEASE_GRACE_MS);
    fx.engine.cycle();
    const [a, b] = await rx.waitFor(2);
    expect(b.headers["webhook-id"]).toBe(a.headers["webhook-id"]);
    release();
    await fx.engine.idle();
    expect(fx.delivery(msgId, ep.id)).toMatchObject({ status: "success", attempt_count: 1 });
    expect(fx.attempts(msgId).map((x) => x.response_status).sort()).toEqual([200, 500]);
  });

  test("stopping the app waits for requests in flight and commits their results", async () => {
    fx = await deliveryFixture();
    rx = startReceiver();
    const release = rx.hold(() => new Response("done"));
    const ep = fx.endpoint({ url: rx.url });
    const msgId = fx.message([ep.id]);
    fx.engine.cycle();
    await rx.waitFor(1);
    const stopped = fx.t.app.stop(5_000);
    release();
    await stopped;
    second = await createApp({ config: fx.ctx.config, clock: fx.clock, log: silentLogger, services: { [SENDER_NET_SERVICE]: loopbackNet() } });
    const row = second.ctx.store.sqlite.query<{ status: string }, [string]>("SELECT status FROM deliveries WHERE message_id = ?").get(msgId);
    expect(row).toEqual({ status: "success" });
  });
});
