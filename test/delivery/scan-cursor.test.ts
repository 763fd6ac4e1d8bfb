// The due scan walks the due index with a keyset cursor. A row can come due BEHIND that cursor (a
// deliverAt or retry earlier than the last row scanned, or a message committed after one created
// later); the next scheduled cycle must still find it, with no other traffic to move the cursor.
import { afterEach, describe, expect, test } from "bun:test";
import { deliveryFixture, type Fixture } from "./fixture";
import { startReceiver, type Receiver } from "../helpers/receiver";

let fx: Fixture;
let rx: Receiver;
afterEach(async () => { rx?.close(); await fx?.close(); });

/** A fresh engine and an endpoint with an in-flight cap of 1 on a loopback receiver. */
async function setup() {
  fx = await deliveryFixture();
  rx = startReceiver();
  return fx.endpoint({ url: `${rx.url}/hook`, maxInFlight: 1 });
}

describe("rows due behind the scan cursor", () => {
  test("a row due earlier than the last row scanned is sent on the next tick, with no other traffic", async () => {
    const ep = await setup();
    // A scan that reaches the end starts the cursor over (and notes when: the clock never moves here).
    fx.messages(1, [ep.id]);
    await fx.run();
    // In-flight cap 1: the scan remembers the second row; with a restart just made, its cursor stays
    // past both rows, and the remembered row is served when the first finishes, without a scan.
    const [first, second] = fx.messages(2, [ep.id]);
    await fx.run();
    expect([fx.delivery(first, ep.id).status, fx.delivery(second, ep.id).status]).toEqual(["success", "success"]);

    // Due a second before the rows the cursor already passed.
    const behind = fx.message([ep.id], { n: 3 }, { deliverAt: fx.clock.now() - 1_000 });
    await fx.run(); // what the scheduler's tick does: cycle("scan")
    expect(fx.delivery(behind, ep.id)).toMatchObject({ status: "success", attempt_count: 1 });
    expect(rx.requests).toHaveLength(4);
  });

  test("with nothing due anywhere, a tick writes nothing and leaves no scan pending", async () => {
    const ep = await setup();
    fx.messages(2, [ep.id]);
    await fx.run();
    const before = fx.ctx.store.sqlite.query("SELECT total_changes() AS n").get();
    await fx.run();
    expect(fx.ctx.store.sqlite.query("SELECT total_changes() AS n").get()).toEqual(before);
    expect(rx.requests).toHaveLength(2);
  });
});
