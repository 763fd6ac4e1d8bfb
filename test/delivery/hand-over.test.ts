// The hand-over: a new message's deliveries taken by the engine in the transaction that creates
// them (written 'sending' with their lease, sent right after COMMIT with the payload in hand), and
// every case where the engine declines and the row is left 'pending' for its scan.
import { afterEach, describe, expect, test } from "bun:test";
import { Webhook } from "standardwebhooks";
import { deliveryFixture, type Fixture } from "./fixture";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { outboundServices } from "../../src/http/api/services";
import { newMessageId, type NewMessage } from "../../src/store/messages";
import { LEASE_GRACE_MS } from "../../src/delivery";

let fx: Fixture;
let rx: Receiver;
afterEach(async () => { rx?.close(); await fx?.close(); });

const msg = (appId: string, o: Partial<NewMessage> = {}): NewMessage => ({
  appId, eventType: "user.created", eventId: null, channels: null, tags: null, payload: JSON.stringify({ n: 1 }), deliverAt: null, payloadExpiresAt: null, ...o,
});

async function setup(o: { start?: boolean; maxInFlight?: number; retrySchedule?: number[] } = {}) {
  fx = await deliveryFixture({ start: o.start ?? true });
  rx = startReceiver();
  const appId = fx.application();
  const ep = fx.endpoint({ url: `${rx.url}/hook`, appId, maxInFlight: o.maxInFlight, retrySchedule: o.retrySchedule });
  await fx.engine.idle();
  const create = (m: Partial<NewMessage> = {}) => {
    const id = newMessageId(fx.clock.now());
    return outboundServices(fx.ctx).messages.create(id, msg(appId, m), fx.clock.now()).then(() => id);
  };
  return { appId, ep, create };
}

describe("hand-over of new deliveries", () => {
  test("a new message to an idle endpoint is written claimed with its lease and sent without a due scan; the request verifies", async () => {
    const { ep, create } = await setup();
    fx.clock.set(Date.now()); // the verifier checks the signed timestamp against the real time
    const release = rx.hold();
    const id = await create();
    const [req] = await rx.waitFor(1, 5_000);
    // While the request is open: the row was never pending, and carries the lease a claim would set.
    const row = fx.delivery(id, ep.id);
    expect(row.status).toBe("sending");
    expect(row.lease_until).toBe(row.next_attempt_at);
    expect(row.lease_until!).toBeGreaterThanOrEqual(fx.clock.now() + 15_000 + LEASE_GRACE_MS);
    expect(fx.engine.handedOver).toBe(1);
    expect(new Webhook(ep.secret).verify(req.body, req.headers)).toEqual({ n: 1 });
    release();
    await fx.engine.idle();
    expect(fx.delivery(id, ep.id)).toMatchObject({ status: "success", attempt_count: 1, lease_until: null });
    expect(fx.attempts(id)).toHaveLength(1);
  });

  test("an endpoint at its in-flight cap leaves the next new delivery pending, and the scan sends it once the slot frees", async () => {
    const { ep, create } = await setup({ maxInFlight: 1 });
    const release = rx.hold();
    const first = await create();
    await rx.waitFor(1, 5_000);
    const second = await create();
    expect(fx.delivery(second, ep.id).status).toBe("pending");
    expect(fx.engine.handedOver).toBe(1);
    release();
    await rx.waitFor(2, 5_000);
    await fx.engine.idle();
    expect(rx.requests.map((r) => r.headers["webhook-id"])).toEqual([first, second]);
    expect(fx.delivery(second, ep.id).status).toBe("success");
  });

  test("a message with a future deliverAt, or an endpoint with an initial delay, is not taken", async () => {
    const { ep, create } = await setup({ retrySchedule: [60_000, 1_000] });
    const delayed = await create();
    expect(fx.delivery(delayed, ep.id).status).toBe("pending");
    fx.engine.cycle(); // the scan gives the row its initial-delay slot
    await fx.engine.idle();
    expect(fx.engine.handedOver).toBe(0);
    expect(rx.requests).toHaveLength(0);
  });

  test("a message scheduled for later stays pending until its time", async () => {
    const { ep, create } = await setup();
    const later = await create({ deliverAt: fx.clock.now() + 60_000 });
    expect(fx.delivery(later, ep.id)).toMatchObject({ status: "pending", next_attempt_at: fx.clock.now() + 60_000, lease_until: null });
    expect(fx.engine.handedOver).toBe(0);
  });

  test("nothing is taken while the scheduler is stopped (the app was not started)", async () => {
    const { ep, create } = await setup({ start: false });
    const id = await create();
    expect(fx.delivery(id, ep.id).status).toBe("pending");
    expect(fx.engine.handedOver).toBe(0);
    await fx.run();
    expect(rx.requests).toHaveLength(1);
  });

  test("a reservation released by a rolled-back transaction gives the endpoint's slot back", async () => {
    const { ep } = await setup({ maxInFlight: 1 });
    const r = fx.engine.reserve(ep.id);
    expect(r).not.toBeNull();
    await Promise.resolve(); // the transaction's endpoint map ends with its synchronous stretch
    expect(fx.engine.reserve(ep.id)).toBeNull(); // the one slot is held
    fx.engine.release([r!]);
    fx.engine.release([r!]); // settling twice is a no-op
    await Promise.resolve();
    const again = fx.engine.reserve(ep.id);
    expect(again).not.toBeNull();
    fx.engine.release([again!]);
  });

  test("a create whose transaction fails after its deliveries were taken releases them and leaves no rows", async () => {
    const { ep, appId } = await setup({ maxInFlight: 1 });
    const messages = outboundServices(fx.ctx).messages;
    const id = newMessageId(fx.clock.now());
    const failing = messages.create(id, msg(appId), fx.clock.now(), { same: () => { throw new Error("the idempotency record could not be written"); } });
    await expect(failing).rejects.toThrow(/idempotency record/);
    expect(fx.ctx.store.sqlite.query("SELECT COUNT(*) AS n FROM deliveries WHERE message_id = ?").get(id)).toEqual({ n: 0 });
    // The slot it took is free again: the next message is taken and sent.
    const next = newMessageId(fx.clock.now());
    await messages.create(next, msg(appId), fx.clock.now());
    await rx.waitFor(1, 5_000);
    expect(fx.engine.handedOver).toBe(1);
    await fx.engine.idle();
    expect(fx.delivery(next, ep.id).status).toBe("success");
  });

  test("a group commit retried with savepoints (one write in it failed) takes each delivery once and sends it once", async () => {
    const { appId, ep } = await setup({ maxInFlight: 2 });
    const messages = outboundServices(fx.ctx).messages;
    const [a, bad, b] = [0, 1, 2].map(() => newMessageId(fx.clock.now()));
    // One event-loop turn: one batch. The failing write forces the rollback and the careful rerun.
    const settled = await Promise.allSettled([
      messages.create(a, msg(appId), fx.clock.now()),
      messages.create(bad, msg(appId), fx.clock.now(), { same: () => { throw new Error("the idempotency record could not be written"); } }),
      messages.create(b, msg(appId), fx.clock.now()),
    ]);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    await rx.waitFor(2, 5_000);
    await fx.engine.idle();
    // Both good ones were taken (the cap of 2 was not used up by the first, rolled-back run) and each arrived once.
    expect(fx.engine.handedOver).toBe(2);
    expect(rx.requests.length).toBe(2);
    expect([fx.delivery(a, ep.id).status, fx.delivery(b, ep.id).status]).toEqual(["success", "success"]);
    expect(fx.ctx.store.sqlite.query("SELECT COUNT(*) AS n FROM deliveries WHERE message_id = ?").get(bad)).toEqual({ n: 0 });
  });
});
