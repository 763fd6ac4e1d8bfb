/**
 * @module delivery — the in-process scheduler: a loop that runs registered jobs (delivery dispatch,
 * retention, backups) on an injected clock. It knows no HTTP routes; the app starts and stops it.
 */
import type { Clock } from "../lib/clock";
import type { Logger } from "../lib/log";

export type Job = { name: string; run: (now: number) => Promise<unknown> | unknown; everyMs: number };

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Real timers. A zero delay (wake) uses setImmediate: Bun clamps setTimeout(fn, 0) to about 1 ms,
 * which every new message paid between its commit and the delivery engine's claim.
 */
export const realTimers: Timers = {
  setTimeout: (fn, ms) => (ms <= 0 ? { immediate: setImmediate(fn) } : setTimeout(fn, ms)),
  clearTimeout: (h) => {
    if (h && typeof h === "object" && "immediate" in h) clearImmediate((h as { immediate: ReturnType<typeof setImmediate> }).immediate);
    else clearTimeout(h as ReturnType<typeof setTimeout>);
  },
};

export class Scheduler {
  private jobs: (Job & { nextAt: number; running: boolean; rerun: boolean })[] = [];
  private handle: unknown = null;
  private stopped = true;
  private inFlight = new Set<Promise<unknown>>();
  lastTickAt: number | null = null;
  ticks = 0;

  constructor(private clock: Clock, private log: Logger, private timers: Timers = realTimers, private tickMs = 250) {}

  register(job: Job): void {
    this.jobs.push({ ...job, nextAt: 0, running: false, rerun: false });
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    // First tick synchronously, so /readyz is green as soon as start() returns.
    void this.tick();
    this.schedule(this.tickMs);
  }

  /** Starts due jobs; the promise settles when the jobs started by this tick finish (tests await it). */
  async tick(): Promise<void> {
    const now = this.clock.now();
    this.lastTickAt = now;
    this.ticks++;
    const started: Promise<unknown>[] = [];
    for (const job of this.jobs) {
      if (job.running || job.nextAt > now) continue;
      job.running = true;
      job.nextAt = now + job.everyMs;
      const p = Promise.resolve()
        .then(() => job.run(now))
        .catch((e) => this.log.error("scheduler job failed", { job: job.name, error: e }))
        .finally(() => {
          job.running = false;
          this.inFlight.delete(p);
          // A wake that arrived mid-run means new work may have missed this run: go again now.
          if (job.rerun) { job.rerun = false; job.nextAt = 0; this.schedule(0); }
        });
      this.inFlight.add(p);
      started.push(p);
    }
    await Promise.all(started);
  }

  /** Makes a job run on the next turn of the event loop instead of waiting for its interval. */
  wake(name: string): void {
    const job = this.jobs.find((j) => j.name === name);
    if (!job || this.stopped) return;
    job.nextAt = 0;
    if (job.running) job.rerun = true;
    else this.schedule(0);
  }

  /** True when the loop has ticked within `withinMs`. */
  healthy(withinMs: number): boolean {
    return !this.stopped && this.lastTickAt !== null && this.clock.now() - this.lastTickAt <= withinMs;
  }

  isRunning(): boolean { return !this.stopped; }

  /** Stops scheduling; waits up to graceMs for running jobs. */
  async stop(graceMs: number): Promise<boolean> {
    this.stopped = true;
    if (this.handle) this.timers.clearTimeout(this.handle);
    this.handle = null;
    const all = Promise.all([...this.inFlight]).then(() => true);
    return Promise.race([all, new Promise<boolean>((r) => setTimeout(() => r(false), graceMs))]);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.handle) this.timers.clearTimeout(this.handle);
    this.handle = this.timers.setTimeout(() => {
      this.handle = null;
      // The loop never waits for slow jobs: a job that is still running is skipped, not queued.
      void this.tick();
      this.schedule(this.tickMs);
    }, ms);
  }
}
