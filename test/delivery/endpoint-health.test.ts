import { afterEach, describe, expect, test } from "bun:test";
import { deliveryFixture, type Fixture } from "./fixture";
import { startReceiver, type Receiver } from "../helpers/receiver";

const DAY = 86_400_000;
let fx: Fixture;
let rx: Receiver;
afterEach(async () => { rx?.close(); await fx?.close(); });

async function setup(env?: Record<string, string>) {
  fx = await deliveryFixture({ env });
  fx.engine.random = () => 0.5;
  rx = startReceiver();
}

describe("endpoint health", () => {
  test("an endpoint that only fails for the default 5 days is disabled automatically", async () => {
    await setup();
    rx.fallback = () => new Response("down", { status: 500 });
    const ep = fx.endpoint({ url: rx.url, retrySchedule: [0] });
    const t0 = fx.clock.now();
    fx.message([ep.id]);
    await fx.run();
    expect(fx.endpointRow(ep.id)).toMatchObject({ failing_since: t0, disabled: 0 });

    fx.clock.advance(5 * DAY - 1);
    fx.message([ep.id]);
    await fx.run();
    expect(fx.endpointRow(ep.id)).toMatchObject({ failing_since: t0, disabled: 0 });

    fx.clock.advance(1);
    fx.message([ep.id]);
    await fx.run();
    const row = fx.endpointRow(ep.id);
    expect(row.disabled).toBe(1);
    expect(row.disabled_reason).toContain("no success for 5d");
    expect(fx.events.filter((e) => e.type === "endpoint.failing")).toMatchObject([{ endpointId: ep.id, since: t0 }]);
    expect(fx.events.filter((e) => e.type === "endpoint.disabled")).toMatchObject([{ endpointId: ep.id }]);
  });

  test("the disable-after option sets the failing period", async () => {
    await setup({ HOOKRELAY_DISABLE_AFTER: "1h" });
    rx.fallback = () => new Response("", { status: 500 });
    const ep = fx.endpoint({ url: rx.url, retrySchedule: [0] });
    fx.message([ep.id]);
    await fx.run();
    fx.clock.advance(3_600_000);
    fx.message([ep.id]);
    await fx.run();
    expect(fx.endpointRow(ep.id).disabled).toBe(1);
  });

  test("a success ends the failing period, records last_success_at and reports the recovery", async () => {
    await setup();
    rx.respond(new Response("", { status: 500 }), new Response("ok"));
    const ep = fx.endpoint({ url: rx.url });
    const msgId = fx.message([ep.id]);
    const t0 = fx.clock.now();
    await fx.run();
    expect(fx.endpointRow(ep.id).failing_since).toBe(t0);
    fx.clock.advance(5_000);
    await fx.run();
    expect(fx.endpointRow(ep.id)).toMatchObject({ failing_since: null, last_success_at: t0 + 5_000 });
    expect(fx.events.filter((e) => e.type === "message.attempt.recovered")).toMatchObject([{ messageId: msgId, endpointId: ep.id }]);

    // A later failure starts a new period: the 5 days count from it, not from the first failure.
    rx.respond(new Response("", { status: 500 }));
    fx.clock.advance(4 * DAY);
    fx.message([ep.id]);
    await fx.run();
    expect(fx.endpointRow(ep.id)).toMatchObject({ failing_since: t0 + 5_000 + 4 * DAY, disabled: 0 });
  });
});
