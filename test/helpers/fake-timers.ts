// A clock and timers for code that takes them injected (WriteBatcher's commit window, CancelGroup's
// deadlines): time moves only when a test advances it, and a timer fires only once its time has come.
import type { Timers } from "../../src/lib/timers";

export class FakeTimers implements Timers {
  at = 1_000;
  private seq = 0;
  private timers = new Map<number, { due: number; fn: () => void }>();
  now() { return this.at; }
  setTimeout(fn: () => void, ms: number) { const id = ++this.seq; this.timers.set(id, { due: this.at + ms, fn }); return id; }
  clearTimeout(h: unknown) { this.timers.delete(h as number); }
  /** Delays of the timers now armed, from the current time, soonest first. */
  pending() { return [...this.timers.values()].map((t) => t.due - this.at).sort((a, b) => a - b); }
  /** Moves the clock and fires, in order, every timer that has come due. */
  advance(ms: number) {
    this.at += ms;
    for (const [id, t] of [...this.timers].sort((a, b) => a[1].due - b[1].due)) {
      if (t.due > this.at) continue;
      this.timers.delete(id);
      t.fn();
    }
  }
}
