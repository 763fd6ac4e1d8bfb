/**
 * Deadlines and cancels for requests: the delivery engine keeps one group per endpoint and cancels
 * it when the endpoint has stopped answering while other deliveries wait (engine.ts); the sender
 * gives requests without a group one of its own (http-sender.ts).
 *
 * Requests that start within a short window of each other share one AbortController and one
 * deadline timer (a "share"). A controller and a timer per request cost the main thread about 4 µs
 * per request, most of it in fetch's handling of a fresh signal (docs/benchmarks.md, session 13).
 * A share closes to newcomers after 1/20 of the deadline (at most 50 ms) and fires at its opening
 * time + deadline + that window, so each request gets at least its deadline, and at most one window
 * more. Not one long-lived signal for all requests: fetch's listeners on it pile up (and combining
 * it into each request's signal with `AbortSignal.any` cost about 50 MB of RSS at 10,000/s).
 */
import { realTimers, type Timers } from "../../lib/timers.ts";

export class Cancelled extends Error {}

const MAX_WINDOW_MS = 50;

/** The signal a request runs under, until it hands the share back with `leave`. */
export class Share {
  readonly ctl = new AbortController();
  pending = 0;
  timer: unknown = null;
  constructor(readonly deadlineMs: number, readonly closesAt: number) {}
  get signal(): AbortSignal { return this.ctl.signal; }
}

export class CancelGroup {
  private live = new Set<Share>();
  private current: Share | null = null;

  constructor(private readonly timers: Timers = realTimers) {}

  /** Joins a request that must end within `deadlineMs`; pair with `leave` when it ends. */
  join(deadlineMs: number): Share {
    const now = this.timers.now();
    let s = this.current;
    if (!s || s.deadlineMs !== deadlineMs || now > s.closesAt || s.ctl.signal.aborted) {
      if (s && s.pending === 0) this.retire(s);
      s = this.open(deadlineMs, now);
    }
    s.pending++;
    return s;
  }

  leave(s: Share): void {
    s.pending--;
    // The open share stays for the next request; a closed one with nobody left needs no timer.
    if (s.pending === 0 && s !== this.current) this.retire(s);
  }

  /** Requests in flight that a cancel would still reach. */
  get size(): number {
    let n = 0;
    for (const s of this.live) n += s.pending;
    return n;
  }

  /** Shares with a timer armed (tests: none is left behind). */
  get shares(): number { return this.live.size; }

  /** Aborts every request in the group; each ends as a timeout whose message gives `reason`. */
  cancel(reason: string): void {
    const why = new Cancelled(reason);
    for (const s of this.live) {
      this.timers.clearTimeout(s.timer);
      if (s.pending > 0) s.ctl.abort(why);
    }
    this.live.clear();
    this.current = null;
  }

  private open(deadlineMs: number, now: number): Share {
    const window = Math.min(MAX_WINDOW_MS, Math.floor(deadlineMs / 20));
    const s = new Share(deadlineMs, now + window);
    s.timer = this.timers.setTimeout(() => this.expire(s), deadlineMs + window);
    this.live.add(s);
    this.current = s;
    return s;
  }

  private expire(s: Share): void {
    this.live.delete(s);
    if (this.current === s) this.current = null;
    if (s.pending > 0) s.ctl.abort(new DOMException("deadline", "TimeoutError"));
  }

  private retire(s: Share): void {
    this.timers.clearTimeout(s.timer);
    this.live.delete(s);
    if (this.current === s) this.current = null;
  }
}
