// Rows pushed back to a later slot because their endpoint was at its cap and the remembered queue
// was full: a freed slot with nothing remembered takes them before that estimated slot, so a
// backlog drains at the endpoint's real pace. Driven through the Claimer with a real SQLite file
// and a fake clock that never moves (nothing here may wait for a slot's time).
import { afterEach, describe, expect, test } from "bun:test";
import { deliveryFixture, type Fixture } from "./fixture";
import { Claimer, type Claimed } from "../../src/delivery/claimer";
import { deliveryQueue } from "../../src/store/deliveries";

let fx: Fixture;
afterEach(async () => { await fx?.close(); });

async function setup(o: { maxInFlight: number; throttleRate?: number }) {
  fx = await deliveryFixture();
  const ep = fx.endpoint({ url: "http://127.0.0.1:9/never-called", maxInFlight: o.maxInFlight, throttleRate: o.throttleRate });
  const queue = deliveryQueue(fx.ctx.store);
  const claimer = new Claimer(queue, fx.ctx.config, [0], { maxWaiting: 1 });
  const now = fx.clock.now();
  /** One claim pass, as the engine's cycle runs it; the ids of the message each claimed row belongs to. */
  const claim = (trigger: "scan" | "slots" = "scan"): Claimed[] => {
    const out: Claimed[] = [];
    queue.transaction(() => claimer.claim(now, 100, out, trigger));
    return out;
  };
  const finish = (c: Claimed) => {
    c.target.gate.finished(1);
    fx.ctx.store.sqlite.run("UPDATE deliveries SET status = 'success', lease_until = NULL, next_attempt_at = NULL WHERE id = ?", [c.row.id]);
  };
  return { ep, claimer, claim, finish, now };
}

describe("rows pushed back for the in-flight cap", () => {
  test("are taken before their estimated slot once the endpoint frees a slot and nothing is remembered", async () => {
    const { ep, claim, finish, now } = await setup({ maxInFlight: 1 });
    const ids = fx.messages(4, [ep.id]);
    const first = claim();
    expect(first.map((c) => c.row.messageId)).toEqual([ids[0]]);
    // ids[1] is remembered (the queue holds one); ids[2] and ids[3] went to later slots in the database.
    const later = ids.slice(2).map((m) => fx.delivery(m, ep.id));
    for (const row of later) expect(row).toMatchObject({ status: "pending" });
    for (const row of later) expect(row.next_attempt_at!).toBeGreaterThan(now);

    const order: string[] = [];
    let open = first;
    for (let i = 0; i < 3; i++) {
      finish(open[0]);
      open = claim("slots");
      expect(open).toHaveLength(1);
      order.push(open[0].row.messageId);
    }
    // The clock never moved: the two pushed-back rows went as soon as the slot was free, in order.
    expect(order).toEqual(ids.slice(1));
    expect(fx.clock.now()).toBe(now);
  });

  test("a pushed-back row that changed meanwhile (sent by a resend, or deleted) is skipped, not sent twice", async () => {
    const { ep, claim, finish } = await setup({ maxInFlight: 1 });
    const ids = fx.messages(4, [ep.id]);
    const first = claim();
    // Someone else finished ids[2] meanwhile (as a resend's attempt would), and ids[3]'s message was deleted.
    fx.ctx.store.sqlite.run("UPDATE deliveries SET status = 'success', next_attempt_at = NULL WHERE message_id = ?", [ids[2]]);
    fx.ctx.store.sqlite.run("DELETE FROM messages WHERE id = ?", [ids[3]]);
    finish(first[0]);
    const second = claim("slots");
    expect(second.map((c) => c.row.messageId)).toEqual([ids[1]]);
    finish(second[0]);
    expect(claim("slots")).toEqual([]);
    expect(fx.delivery(ids[2], ep.id).status).toBe("success");
  });

  test("a throttled endpoint's pushed-back rows keep their slots: the rate, not the estimate, set them", async () => {
    const { ep, claim, finish } = await setup({ maxInFlight: 1, throttleRate: 1 });
    const ids = fx.messages(3, [ep.id]);
    const first = claim();
    expect(first).toHaveLength(1);
    finish(first[0]);
    // The one token of this second is spent: nothing more goes now, early or not.
    expect(claim("slots")).toEqual([]);
    expect(claim()).toEqual([]);
    expect(fx.delivery(ids[2], ep.id).status).toBe("pending");
  });
});
