/**
 * A monotonic clock and one-shot timers, injectable: code whose timing matters (the group commit's
 * window, the delivery deadlines) takes them as a parameter so that tests can move time by hand
 * (test/helpers/fake-timers.ts) instead of sleeping.
 */
export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};
