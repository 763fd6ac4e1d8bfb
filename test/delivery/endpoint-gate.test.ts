// EndpointGate's probe allowance on a hand-driven clock: an endpoint that has not answered holds at
// most PROBE_SLOTS requests; each answer raises that by one up to its cap, however slow the answer;
// a timeout or a silence puts it back.
import { describe, expect, test } from "bun:test";
import { EndpointGate, PROBE_SLOTS } from "../../src/delivery/endpoint-gate";
import { Cancelled } from "../../src/delivery/net";

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

  test("each answer allows one more request, up to the cap, however long the answer took", () => {
    const g = gate(64);
    fill(g, T0);
    for (let i = 0; i < PROBE_SLOTS; i++) g.finished(3_000, T0 + 3_000, "answered");
    expect(g.allowance(T0 + 3_000)).toBe(2 * PROBE_SLOTS);
    expect(fill(g, T0 + 3_000)).toBe(2 * PROBE_SLOTS);
    for (let i = 0; i < 100; i++) g.finished(3, T0 + 3_010, "answered");
    expect(g.allowance(T0 + 3_010)).toBe(64);
  });

  test("a timeout puts it back to the probe allowance; other failures and released slots change nothing", () => {
    const g = gate(64);
    fill(g, T0);
    for (let i = 0; i < 30; i++) { g.admit(T0); g.finished(2, T0, "answered"); }
    const before = g.allowance(T0);
    expect(before).toBeGreaterThan(PROBE_SLOTS);
    g.finished(2, T0, "other"); // connection refused: no slot was held for long
    g.finished(0); // a claimed row that was not sent
    expect(g.allowance(T0)).toBe(before);
    g.finished(15_000, T0 + 15_000, "timeout");
    expect(g.allowance(T0 + 15_000)).toBe(PROBE_SLOTS);
  });

  test("requests out with no answer for two seconds put it back, and the silence counts from when they went out", () => {
    const g = gate(64);
    for (let i = 0; i < 40; i++) { g.admit(T0); g.finished(2, T0, "answered"); }
    expect(g.allowance(T0)).toBe(48);
    // Quiet for an hour with nothing out: no penalty for the first requests after it.
    const later = T0 + 3_600_000;
    expect(fill(g, later)).toBe(48);
    expect(g.allowance(later + 1_999)).toBe(48);
    // Two seconds with 48 out and no answer: an endpoint that stopped answering.
    expect(g.allowance(later + 2_001)).toBe(PROBE_SLOTS);
  });

  test("silent only with requests out and no answer for two seconds; shed aborts the requests out and puts it back to the probe allowance", () => {
    const g = gate(64);
    for (let i = 0; i < 40; i++) { g.admit(T0); g.finished(2, T0, "answered"); }
    expect(g.isSilent(T0 + 10_000)).toBe(false); // nothing out: quiet, not silent
    fill(g, T0 + 10_000);
    const sent = [g.requests.join(60_000), g.requests.join(60_000)];
    const done = g.requests.join(30_000); // another deadline: a share of its own
    g.requests.leave(done); // a request that ended before the cut
    expect(g.isSilent(T0 + 11_999)).toBe(false);
    expect(g.isSilent(T0 + 12_001)).toBe(true);
    expect(g.quietSince).toBe(T0 + 10_000);
    g.shed("stalled");
    expect(sent.every((c) => c.signal.aborted && (c.signal.reason as Error).message === "stalled")).toBe(true);
    expect(sent[0].signal.reason).toBeInstanceOf(Cancelled);
    expect(done.signal.aborted).toBe(false);
    expect(g.requests.size).toBe(0); // later requests start in an empty group
    expect(g.requests.shares).toBe(0); // and no deadline timer is left armed
    expect(g.allowance(T0 + 12_001)).toBe(PROBE_SLOTS);
  });
});
