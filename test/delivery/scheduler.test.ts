import { describe, expect, test } from "bun:test";
import { Scheduler, type Timers } from "../../src/delivery/scheduler";
import { FakeClock } from "../../src/lib/clock";
import { silentLogger } from "../../src/lib/log";

function manualTimers() {
  const pending: { fn: () => void; ms: number }[] = [];
  const timers: Timers = { setTimeout: (fn, ms) => { const h = { fn, ms }; pending.push(h); return h; }, clearTimeout: (h) => { const i = pending.indexOf(h as never); if (i >= 0) pending.splice(i, 1); } };
  return { timers, pending, fire: () => { const h = pending.shift(); h?.fn(); } };
}

describe("Scheduler", () => {
  test("runs a job when due and not again before its interval", async () => {
    const clock = new FakeClock();
    const s = new Scheduler(clock, silentLogger, manualTimers().timers);
    let runs = 0;
    s.register({ name: "j", everyMs: 1000, run: () => { runs++; } });
    await s.tick();
    await s.tick();
    expect(runs).toBe(1);
    clock.advance(1000);
    await s.tick();
    expect(runs).toBe(2);
  });

  test("wake() makes a job due at once", async () => {
    const clock = new FakeClock();
    const m = manualTimers();
    const s = new Scheduler(clock, silentLogger, m.timers);
    let runs = 0;
    s.register({ name: "j", everyMs: 60_000, run: () => { runs++; } });
    s.start();
    await s.tick();
    await Bun.sleep(0); // let the start()-tick's job settle
    expect(runs).toBe(1);
    s.wake("j");
    await s.tick();
    expect(runs).toBe(2);
    await s.stop(10);
  });

  test("a wake during a run makes the job run again right after", async () => {
    const clock = new FakeClock();
    const m = manualTimers();
    const s = new Scheduler(clock, silentLogger, m.timers);
    let runs = 0;
    let release!: () => void;
    s.register({ name: "j", everyMs: 60_000, run: () => { runs++; return runs === 1 ? new Promise<void>((r) => { release = r; }) : undefined; } });
    s.start(); // first run starts and blocks until released
    await Bun.sleep(0);
    s.wake("j");
    release();
    await Bun.sleep(0);
    expect(m.pending.some((p) => p.ms === 0)).toBe(true);
    await s.tick();
    expect(runs).toBe(2);
    await s.stop(10);
  });

  test("reports healthy only while ticking and started", async () => {
    const clock = new FakeClock();
    const m = manualTimers();
    const s = new Scheduler(clock, silentLogger, m.timers);
    expect(s.healthy(1000)).toBe(false);
    s.start();
    await s.tick();
    expect(s.healthy(1000)).toBe(true);
    clock.advance(5000);
    expect(s.healthy(1000)).toBe(false);
    await s.stop(10);
    expect(s.isRunning()).toBe(false);
  });

  test("a failing job is logged and does not stop the others", async () => {
    const clock = new FakeClock();
    const s = new Scheduler(clock, silentLogger, manualTimers().timers);
    let ok = 0;
    s.register({ name: "bad", everyMs: 10, run: () => { throw new Error("boom"); } });
    s.register({ name: "good", everyMs: 10, run: () => { ok++; } });
    await s.tick();
    expect(ok).toBe(1);
  });
});
