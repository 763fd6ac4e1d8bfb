import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import {
  boundRetryAfter, deliveryStatusToSvix, endpointSchedule, nextRetryDelay, parseRetryAfter, parseRetrySchedule, RETRY_AFTER_MAX_MS, withJitter,
} from "../../src/delivery";
import { EndpointGate } from "../../src/delivery/endpoint-gate";

describe("retry schedule", () => {
  test("the default option text parses to immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h", () => {
    expect(parseRetrySchedule(["0s", "5s", "5m", "30m", "2h", "5h", "10h", "10h"])).toEqual([0, 5e3, 3e5, 18e5, 72e5, 18e6, 36e6, 36e6]);
  });

  test("a bad item is rejected with the item named", () => {
    expect(() => parseRetrySchedule(["0s", "soon"])).toThrow(/"soon"/);
    expect(() => parseRetrySchedule([])).toThrow(/at least one/);
  });

  test("an endpoint schedule is a JSON array of seconds; anything else falls back to the global one", () => {
    expect(endpointSchedule("[0, 1.5, 60]")).toEqual([0, 1500, 60000]);
    for (const bad of [null, "", "nope", "[]", "[-1]", '["5"]', "{}"]) expect(endpointSchedule(bad)).toBeNull();
  });

  test("after n attempts the next delay is schedule[n], and null once the schedule is used up", () => {
    const s = [0, 5000, 60000];
    expect(nextRetryDelay(s, 1, () => 0.5)).toBe(5000);
    expect(nextRetryDelay(s, 2, () => 0.5)).toBe(60000);
    expect(nextRetryDelay(s, 3, () => 0.5)).toBeNull();
  });

  test("jitter stays within ±20 % for any random value, and zero stays zero", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10 * 3_600_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (d, r) => {
      const j = withJitter(d, () => r);
      return j >= Math.floor(d * 0.8) && j <= Math.ceil(d * 1.2);
    }));
    expect(withJitter(0, () => 0.99)).toBe(0);
  });
});

describe("Retry-After", () => {
  const now = Date.UTC(2026, 10, 1, 12, 0, 0);
  test("reads delta-seconds and HTTP dates, and ignores garbage", () => {
    expect(parseRetryAfter("30", now)).toBe(30_000);
    expect(parseRetryAfter("Sun, 01 Nov 2026 12:02:00 GMT", now)).toBe(120_000);
    expect(parseRetryAfter("Sun, 01 Nov 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  test("is honoured between the scheduled delay and one hour", () => {
    expect(boundRetryAfter(5_000, 60_000)).toBe(60_000);
    expect(boundRetryAfter(5_000, 1_000)).toBe(5_000);
    expect(boundRetryAfter(5_000, 10 * RETRY_AFTER_MAX_MS)).toBe(RETRY_AFTER_MAX_MS);
    expect(boundRetryAfter(2 * RETRY_AFTER_MAX_MS, 60_000)).toBe(2 * RETRY_AFTER_MAX_MS);
    expect(boundRetryAfter(5_000, null)).toBe(5_000);
  });
});

describe("status mapping", () => {
  test("delivery states map to Svix MessageStatus 0 Success, 1 Pending, 2 Fail, 3 Sending", () => {
    expect([deliveryStatusToSvix("success"), deliveryStatusToSvix("pending"), deliveryStatusToSvix("failed"), deliveryStatusToSvix("sending")]).toEqual([0, 1, 2, 3]);
  });
});

describe("endpoint gate", () => {
  test("a throttled endpoint admits one request per 1/rate and hands refused rows successive slots", () => {
    const g = new EndpointGate("ep_1", 0);
    g.configure(4, 100);
    expect(g.tryAdmit(0)).toBe(true);
    expect(g.tryAdmit(0)).toBe(false);
    expect([g.deferUntil(0), g.deferUntil(0), g.deferUntil(0)]).toEqual([250, 500, 750]);
    expect(g.tryAdmit(249)).toBe(false);
    expect(g.tryAdmit(250)).toBe(true);
  });

  test("at its in-flight cap an endpoint admits again only when a request finishes", () => {
    const g = new EndpointGate("ep_1", 0);
    g.configure(null, 2);
    expect([g.tryAdmit(0), g.tryAdmit(0), g.tryAdmit(0)]).toEqual([true, true, false]);
    g.finished(10);
    expect(g.tryAdmit(0)).toBe(true);
  });
});
