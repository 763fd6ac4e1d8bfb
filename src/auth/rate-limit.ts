// A fixed-window failure counter per key (IP, account) on the injected clock: enough to make
// password guessing slow without any state outside the process.
import type { Clock } from "../lib/clock";

export class FailureLimiter {
  private hits = new Map<string, { count: number; resetAt: number }>();
  constructor(private clock: Clock, private limit: number, private windowMs: number) {}

  /** Seconds to wait when `key` is locked out, else 0. */
  blockedFor(key: string): number {
    const h = this.hits.get(key);
    const now = this.clock.now();
    if (!h || h.resetAt <= now) return 0;
    return h.count >= this.limit ? Math.ceil((h.resetAt - now) / 1000) : 0;
  }

  fail(key: string): void {
    const now = this.clock.now();
    const h = this.hits.get(key);
    if (!h || h.resetAt <= now) this.hits.set(key, { count: 1, resetAt: now + this.windowMs });
    else h.count++;
    if (this.hits.size > 10_000) this.sweep(now);
  }

  reset(key: string): void { this.hits.delete(key); }

  private sweep(now: number) { for (const [k, h] of this.hits) if (h.resetAt <= now) this.hits.delete(k); }
}
