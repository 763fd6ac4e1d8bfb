// createTestApp's delivery engine reaches loopback only, whatever the SSRF flags allow: a public
// destination fails its attempt with the guard's message (nothing is sent), names other than
// localhost do not resolve, and loopback receivers work as before.
import { afterEach, describe, expect, test } from "bun:test";
import { deliveryFixture, type Fixture } from "./fixture";
import { startReceiver, type Receiver } from "../helpers/receiver";

let fx: Fixture;
let rx: Receiver | undefined;
afterEach(async () => { rx?.close(); rx = undefined; await fx?.close(); });

async function attemptTo(url: string) {
  const ep = fx.endpoint({ url, retrySchedule: [] });
  const msgId = fx.message([ep.id]);
  fx.engine.cycle();
  await fx.engine.idle();
  return fx.attempts(msgId)[0];
}

describe("the test network", () => {
  test("a public address the SSRF policy allows is refused by the guard before connecting", async () => {
    fx = await deliveryFixture();
    const a = await attemptTo("http://93.184.215.14/hook");
    expect(a.success).toBe(0);
    expect(a.response_status).toBeNull();
    expect(a.error).toContain("test network guard: refused to connect to non-loopback 93.184.215.14");
    expect(fx.t.netViolations).toEqual(["refused to connect to non-loopback 93.184.215.14"]);
  });

  test("a public name fails as a DNS error without any lookup leaving the machine", async () => {
    fx = await deliveryFixture();
    const a = await attemptTo("https://hooks.example.com/in");
    expect(a.error_class).toBe("dns");
    expect(a.error).toContain("the test resolver answers only localhost");
    expect(fx.t.netViolations).toEqual([]);
  });

  test("localhost resolves to the loopback receiver, which gets the delivery", async () => {
    fx = await deliveryFixture();
    rx = startReceiver();
    const a = await attemptTo(`http://localhost:${rx.port}/hook`);
    expect(a.success).toBe(1);
    expect(rx.requests).toHaveLength(1);
    expect(fx.t.netViolations).toEqual([]);
  });
});
