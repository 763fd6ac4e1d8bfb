// CancelGroup: requests started close together share one signal and one deadline timer; no request
// gets less than its deadline, none more than one window over it, and no timer is left behind.
import { describe, expect, test } from "bun:test";
import { CancelGroup, Cancelled } from "../../../src/delivery/net/cancel-group";
import { FakeTimers } from "../../helpers/fake-timers";

const setup = () => { const t = new FakeTimers(); return { t, g: new CancelGroup(t) }; };
const isTimeout = (s: AbortSignal) => s.aborted && (s.reason as DOMException).name === "TimeoutError";

describe("CancelGroup", () => {
  test("requests started within the window share a signal; one started after it gets its own", () => {
    const { t, g } = setup();
    const a = g.join(1_000); // window: 1,000 / 20 = 50 ms
    t.advance(50);
    const b = g.join(1_000);
    t.advance(1);
    const c = g.join(1_000);
    expect(b.signal).toBe(a.signal);
    expect(c.signal).not.toBe(a.signal);
    expect(g.size).toBe(3);
    expect(t.pending()).toEqual([999, 1_050]); // one timer per share, not per request
  });

  test("a share fires at its opening + deadline + window: at least the deadline for each request, at most one window more", () => {
    const { t, g } = setup();
    const first = g.join(200); // window 10 ms
    t.advance(10);
    const last = g.join(200); // the last one in: 200 ms from now
    t.advance(199);
    expect(last.signal.aborted).toBe(false);
    t.advance(1);
    expect(isTimeout(last.signal)).toBe(true); // first waited 210 ms: its deadline plus the window
    expect(first.signal).toBe(last.signal);
    expect(g.shares).toBe(0);
  });

  test("the window is a twentieth of the deadline, at most 50 ms", () => {
    const { t, g } = setup();
    g.join(15_000);
    g.join(100);
    expect(t.pending()).toEqual([105, 15_050]);
  });

  test("a request with another deadline gets a share of its own", () => {
    const { g } = setup();
    const a = g.join(1_000), b = g.join(2_000), c = g.join(2_000);
    expect(b.signal).not.toBe(a.signal);
    expect(c.signal).toBe(b.signal);
  });

  test("a share whose requests have all ended disarms its timer once it is closed, so timers never pile up", () => {
    const { t, g } = setup();
    for (let i = 0; i < 100; i++) {
      const s = g.join(1_000);
      g.leave(s);
      t.advance(60); // past the window: the next request opens a new share
    }
    expect(t.pending().length).toBe(1); // only the open share's
    expect(g.size).toBe(0);
    const held = g.join(1_000);
    t.advance(60);
    const next = g.join(1_000);
    g.leave(held); // closed and empty: its timer goes at once
    expect(t.pending()).toEqual([1_050]);
    g.leave(next);
  });

  test("a request that ends before its share fires is not aborted by it; the others still are", () => {
    const { t, g } = setup();
    const quick = g.join(100), slow = g.join(100);
    g.leave(quick);
    t.advance(105);
    expect(isTimeout(slow.signal)).toBe(true); // the same signal: ended requests no longer listen to it
    g.leave(slow);
    expect(g.size).toBe(0);
  });

  test("cancel aborts every share with requests out, with the reason; later requests get a fresh signal and no timer is left", () => {
    const { t, g } = setup();
    const a = g.join(1_000);
    t.advance(60);
    const b = g.join(1_000);
    const idle = g.join(5_000);
    g.leave(idle); // open, but nobody in it
    g.cancel("stalled");
    for (const s of [a, b]) {
      expect(s.signal.reason).toBeInstanceOf(Cancelled);
      expect((s.signal.reason as Error).message).toBe("stalled");
    }
    expect(idle.signal.aborted).toBe(false);
    expect(t.pending()).toEqual([]);
    const after = g.join(1_000);
    expect(after.signal.aborted).toBe(false);
    expect(after.signal).not.toBe(b.signal);
    expect(g.size).toBe(1); // the cut requests are no longer counted
    g.leave(a); g.leave(b); g.leave(after);
    expect(g.size).toBe(0);
  });

  test("a share that fired is never joined again", () => {
    const { t, g } = setup();
    const a = g.join(20); // window 1 ms
    t.advance(21);
    expect(isTimeout(a.signal)).toBe(true);
    const b = g.join(20);
    expect(b.signal.aborted).toBe(false);
  });
});
