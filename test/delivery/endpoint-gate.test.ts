// EndpointGate's probe allowance on a hand-driven clock: an endpoint that has not answered holds at
// most PROBE_SLOTS requests; quick answers raise that to its cap; slow answers and releases do not.
import { describe, expect, test } from "bun:test";
import { EndpointGate, PROBE_SLOTS } from "../../src/delivery/endpoint-gate";

const T0 = 1_800_000_000_000;

function gate(cap: number, now = T0): EndpointGate {
  const g = new EndpointGate("ep_1", now);
  g.configure(null, cap);
  return g;
}

function fill(g: EndpointGate, now: number): number {
  let n = 0;
  while (g.admit(now) === "ok") n++;
  return n;
}

describe("EndpointGate probe allowance", () => {
  test("an endpoint that has not answered yet gets PROBE_SLOTS requests, not its whole cap", () => {
    const g = gate(64);
    expect(fill(g, T0)).toBe(PROBE_SLOTS);
    expect(g.admit(T0)).toBe("cap");
    expect(g.hasFreeSlot(T0)).toBe(false);
  });

  test("a cap below the probe allowance is the limit", () => {
    expect(fill(gate(2), T0)).toBe(2);
  });

  test("each answer within a second allows one more request, up to the cap", () => {
    const g = gate(64);
    fill(g, T0);
    for (let i = 0; i < PROBE_SLOTS; i++) g.finished(3, T0 + 10);
    // 8 answered: 8 probe slots + 8 quick answers = 16 may be out now.
    expect(g.allowance(T0 + 10)).toBe(2 * PROBE_SLOTS);
    expect(fill(g, T0 + 10)).toBe(2 * PROBE_SLOTS);
    for (let i = 0; i < 100; i++) g.finished(3, T0 + 20);
    expect(g.allowance(T0 + 20)).toBe(64);
  });

  test("answers slower than a second and released slots do not raise it", () => {
    const g = gate(64);
    fill(g, T0);
    for (let i = 0; i < 4; i++) g.finished(1_500, T0 + 1_500);
    for (let i = 0; i < 4; i++) g.finished(0); // a claimed row that was not sent
    expect(g.inFlight).toBe(0);
    expect(g.allowance(T0 + 1_500)).toBe(PROBE_SLOTS);
  });

  test("quick answers count for the current and the previous second only", () => {
    const g = gate(64);
    for (let i = 0; i < 20; i++) { g.admit(T0); g.finished(2, T0); }
    expect(g.allowance(T0)).toBe(PROBE_SLOTS + 20);
    expect(g.allowance(T0 + 1_000)).toBe(PROBE_SLOTS + 20);
    // An endpoint that stopped answering drops back to the probe allowance within two seconds.
    expect(g.allowance(T0 + 2_000)).toBe(PROBE_SLOTS);
  });
});
