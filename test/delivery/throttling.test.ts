import { afterEach, describe, expect, test } from "bun:test";
import { deliveryFixture, type Fixture } from "./fixture";
import { startReceiver, type Receiver } from "../helpers/receiver";

let fx: Fixture;
const receivers: Receiver[] = [];
afterEach(async () => { for (const r of receivers.splice(0)) r.close(); await fx?.close(); });

function receiver(): Receiver {
  const r = startReceiver();
  receivers.push(r);
  return r;
}

/** A receiver that holds every request until released, and records the peak concurrency. */
function holdingReceiver() {
  const r = receiver();
  let release!: () => void;
  let gate = new Promise<void>((res) => { release = res; });
  const state = { active: 0, peak: 0, release: () => release(), open: () => { release(); gate = Promise.resolve(); } };
  r.fallback = async () => {
    state.active++;
    state.peak = Math.max(state.peak, state.active);
    await gate;
    state.active--;
    return new Response("ok");
  };
  return { r, state };
}

const statuses = (fx: Fixture, endpointId: string) =>
  fx.ctx.store.sqlite.query<{ status: string; n: number }, [string]>("SELECT status, count(*) AS n FROM deliveries WHERE endpoint_id = ? GROUP BY status ORDER BY status").all(endpointId);

describe("throttling and concurrency caps", () => {
  test("throttleRate spaces deliveries on the clock: 2/s sends one every 500 ms", async () => {
    fx = await deliveryFixture();
    const rx = receiver();
    const ep = fx.endpoint({ url: rx.url, throttleRate: 2 });
    for (let i = 0; i < 5; i++) fx.message([ep.id]);
    const seen: number[] = [];
    for (let step = 0; step < 6; step++) {
      await fx.run();
      seen.push(rx.requests.length);
      fx.clock.advance(500);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 5]);
    expect(statuses(fx, ep.id)).toEqual([{ status: "success", n: 5 }]);
  });

  test("an application's rateLimit is shared by its endpoints: 2/s across two endpoints; another app is not slowed", async () => {
    fx = await deliveryFixture();
    const rx = receiver();
    const app = fx.application();
    fx.ctx.store.sqlite.run("UPDATE applications SET rate_limit = 2 WHERE id = ?", [app]);
    const a = fx.endpoint({ url: `${rx.url}/a`, appId: app });
    const b = fx.endpoint({ url: `${rx.url}/b`, appId: app });
    const other = fx.endpoint({ url: `${rx.url}/other` });
    for (let i = 0; i < 3; i++) fx.message([a.id, b.id, other.id]);
    const seen: number[] = [];
    for (let step = 0; step < 7; step++) {
      await fx.run();
      seen.push(rx.requests.filter((r) => r.path !== "/other").length);
      fx.clock.advance(500);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 6]);
    // The other application's three were all sent in the first cycle.
    expect(rx.requests.slice(0, 4).filter((r) => r.path === "/other")).toHaveLength(3);
    for (const ep of [a, b, other]) expect(statuses(fx, ep.id)).toEqual([{ status: "success", n: 3 }]);
  });

  test("max_in_flight caps concurrent requests to one endpoint; the rest wait as pending, not sending", async () => {
    fx = await deliveryFixture();
    const { r, state } = holdingReceiver();
    const ep = fx.endpoint({ url: r.url, maxInFlight: 2 });
    for (let i = 0; i < 6; i++) fx.message([ep.id]);
    fx.engine.cycle();
    await r.waitFor(2);
    expect(statuses(fx, ep.id)).toEqual([{ status: "pending", n: 4 }, { status: "sending", n: 2 }]);
    state.open();
    await fx.engine.idle();
    for (let i = 0; i < 5 && r.requests.length < 6; i++) {
      fx.clock.advance(1_000);
      await fx.run();
    }
    expect(r.requests).toHaveLength(6);
    expect(state.peak).toBe(2);
  });

  test("the global max-concurrency caps requests across endpoints, and freed slots are refilled without a clock tick", async () => {
    fx = await deliveryFixture({ env: { HOOKRELAY_MAX_CONCURRENCY: "3" } });
    const { r, state } = holdingReceiver();
    const a = fx.endpoint({ url: `${r.url}/a` });
    const b = fx.endpoint({ url: `${r.url}/b` });
    for (let i = 0; i < 5; i++) fx.message([a.id, b.id]);
    fx.engine.cycle();
    await r.waitFor(3);
    expect(fx.engine.activeRequests).toBe(3);
    state.open();
    await fx.engine.idle();
    expect(r.requests).toHaveLength(10);
    expect(state.peak).toBe(3);
  });

  test("a slow endpoint with a long backlog does not delay a healthy endpoint's newer message", async () => {
    fx = await deliveryFixture();
    const slow = holdingReceiver();
    const healthy = receiver();
    const slowEp = fx.endpoint({ url: slow.r.url, maxInFlight: 2 });
    const healthyEp = fx.endpoint({ url: healthy.url });
    fx.messages(600, [slowEp.id]);
    fx.clock.advance(1);
    const msgId = fx.message([healthyEp.id]);
    fx.engine.cycle();
    await healthy.waitFor(1);
    await slow.r.waitFor(2);
    expect(healthy.requests[0].headers["webhook-id"]).toBe(msgId);
    // Only the cap's worth of the slow endpoint's rows is claimed; the rest stays pending (remembered
    // in memory, not rewritten), and is sent as slots free.
    expect(statuses(fx, slowEp.id)).toEqual([{ status: "pending", n: 598 }, { status: "sending", n: 2 }]);
    expect(fx.engine.waitingRows).toBe(598);
    slow.state.open();
    await fx.engine.idle();
    expect(slow.r.requests).toHaveLength(600);
    expect(slow.state.peak).toBe(2);
  });
});
