// Results that need no claim ride in the message API's group commit when one is due anyway (the
// group writer is busy): one transaction instead of two. When it is idle, the engine commits them
// in its own transaction, unless a commit window is set: then they wait for the next group commit
// (or one window). Real engine, real SQLite file, a loopback receiver; the window's timer is fake.
import { afterEach, describe, expect, test } from "bun:test";
import { deliveryFixture, type Fixture } from "./fixture";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { setGroupWriter, WriteBatcher } from "../../src/store/write-batcher";
import { FakeTimers } from "../helpers/fake-timers";

let fx: Fixture;
let rx: Receiver;
afterEach(async () => { rx?.close(); await fx?.close(); });

/** A real group writer that reports a commit as due at every moment (as under load). */
class BusyWriter extends WriteBatcher {
  override get busy(): boolean { return true; }
}

async function setup(writer: (sqlite: Fixture["ctx"]["store"]["sqlite"]) => WriteBatcher) {
  fx = await deliveryFixture();
  rx = startReceiver();
  const w = writer(fx.ctx.store.sqlite);
  setGroupWriter(fx.ctx.store.sqlite, w);
  return w;
}

describe("results joining the message API's group commit", () => {
  test("with a group commit due, a finished attempt is committed in it, not in a transaction of the engine's own", async () => {
    const writer = await setup((db) => new BusyWriter(db));
    const ep = fx.endpoint({ url: `${rx.url}/hook` });
    const id = fx.message([ep.id]);
    await fx.run();
    expect(writer.stats).toMatchObject({ commits: 1, writes: 1 });
    expect(fx.delivery(id, ep.id)).toMatchObject({ status: "success", attempt_count: 1, lease_until: null, last_status_code: 200 });
    expect(fx.attempts(id)).toHaveLength(1);
  });

  test("with the group writer idle, the engine commits the result itself", async () => {
    const writer = await setup((db) => new WriteBatcher(db));
    const ep = fx.endpoint({ url: `${rx.url}/hook` });
    const id = fx.message([ep.id]);
    await fx.run();
    expect(writer.stats.commits).toBe(0);
    expect(fx.delivery(id, ep.id).status).toBe("success");
    expect(fx.attempts(id)).toHaveLength(1);
  });

  test("a joined result's events are emitted once its group commit has stored it", async () => {
    await setup((db) => new BusyWriter(db));
    rx.respond(new Response("gone", { status: 410 })); // 410 Gone: the delivery fails for good and the endpoint is disabled
    const ep = fx.endpoint({ url: `${rx.url}/hook` });
    const id = fx.message([ep.id]);
    const seen: { type: string; status: string }[] = [];
    fx.engine.onEvent((e) => { if (e.type === "message.attempt.exhausted") seen.push({ type: e.type, status: fx.delivery(id, ep.id).status }); });
    await fx.run();
    expect(seen).toEqual([{ type: "message.attempt.exhausted", status: "failed" }]);
    expect(fx.endpointRow(ep.id).disabled).toBe(1);
  });

  test("under a commit window with the group writer idle, a result waits for the next group commit and is stored in it, with that write", async () => {
    const { timers, writer, ep, id, done } = await resultWaiting();
    expect(timers.pending()).toEqual([20]); // it waits at most one window
    expect(fx.delivery(id, ep.id).status).toBe("sending");
    expect(fx.attempts(id)).toHaveLength(0);
    // Any write through the group writer (here a no-op; in the server, the next message) carries it.
    await writer.run(() => 0);
    await done;
    expect(writer.stats).toMatchObject({ commits: 1, writes: 2 });
    expect(fx.delivery(id, ep.id)).toMatchObject({ status: "success", attempt_count: 1, lease_until: null });
    expect(fx.attempts(id)).toHaveLength(1);
  });

  test("under a commit window with no write to ride with, a result is committed by the group writer once the window has passed", async () => {
    const { timers, writer, ep, id, done } = await resultWaiting();
    timers.advance(20);
    await done;
    expect(writer.stats).toMatchObject({ commits: 1, writes: 1 });
    expect(fx.delivery(id, ep.id).status).toBe("success");
    expect(fx.attempts(id)).toHaveLength(1);
  });
});

/** Under a 20 ms window: one message sent, its result waiting in the group writer (its timer armed). */
async function resultWaiting() {
  const timers = new FakeTimers();
  const writer = await setup((db) => new WriteBatcher(db, { commitWindowMs: 20, timers }));
  const ep = fx.endpoint({ url: `${rx.url}/hook` });
  const id = fx.message([ep.id]);
  const done = fx.run();
  // The engine is idle once its result is committed: if that happened without waiting, say so.
  const armed = (async () => { while (timers.pending().length === 0) await fx.engine.nextCycle(); return "waiting"; })();
  expect(await Promise.race([armed, done.then(() => "committed without waiting")])).toBe("waiting");
  return { timers, writer, ep, id, done };
}
