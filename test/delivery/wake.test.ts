import { afterEach, describe, expect, test } from "bun:test";
import { deliveryFixture, type Fixture } from "./fixture";
import { startReceiver, type Receiver } from "../helpers/receiver";

let fx: Fixture;
let rx: Receiver;
afterEach(async () => { rx?.close(); await fx?.close(); });

describe("dispatch", () => {
  test("a running app sends a new message as soon as the API wakes the deliveries job, without a clock tick", async () => {
    fx = await deliveryFixture({ start: true });
    rx = startReceiver();
    const ep = fx.endpoint({ url: rx.url });
    await fx.engine.idle();
    const msgId = fx.message([ep.id]);
    fx.ctx.scheduler.wake("deliveries");
    const [req] = await rx.waitFor(1, 2_000);
    expect(req.headers["webhook-id"]).toBe(msgId);
  });

  test("a message scheduled with deliverAt waits for its time", async () => {
    fx = await deliveryFixture();
    rx = startReceiver();
    const ep = fx.endpoint({ url: rx.url });
    fx.message([ep.id], { a: 1 }, { deliverAt: fx.clock.now() + 60_000 });
    await fx.run();
    expect(rx.requests).toHaveLength(0);
    fx.clock.advance(60_000);
    await fx.ctx.scheduler.tick();
    await fx.engine.idle();
    expect(rx.requests).toHaveLength(1);
  });

  test("each endpoint of a fanned-out message gets its own delivery and attempt", async () => {
    fx = await deliveryFixture();
    rx = startReceiver();
    const eps = Array.from({ length: 10 }, (_, i) => fx.endpoint({ url: `${rx.url}/ep${i}` }));
    const msgId = fx.message(eps.map((e) => e.id));
    await fx.run();
    expect(rx.requests.map((r) => r.path).sort()).toEqual(eps.map((_, i) => `/ep${i}`).sort());
    expect(new Set(rx.requests.map((r) => r.headers["webhook-id"]))).toEqual(new Set([msgId]));
    expect(fx.attempts(msgId)).toHaveLength(10);
  });
});
