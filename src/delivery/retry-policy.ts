// When the next attempt happens: the retry schedule (global or per endpoint), its ±20 % jitter,
// and the bounded reading of a receiver's Retry-After header.
import { parseDuration } from "../config/parse-value";

export const JITTER = 0.2;
/** Retry-After is honoured up to this long; a receiver cannot park a delivery for days. */
export const RETRY_AFTER_MAX_MS = 3_600_000;

/** A uniform random number in [0, 1); injected so tests can pin the jitter. */
export type RandomSource = () => number;

/**
 * Parses the `retry-schedule` option (durations, first = delay before the first attempt).
 * @throws with the offending item, so a bad config stops startup with a clear message.
 */
export function parseRetrySchedule(items: string[]): number[] {
  if (items.length === 0) throw new Error("retry-schedule must list at least one duration (the first is the initial delay)");
  return items.map((item) => {
    const ms = parseDuration(item);
    if (ms === null) throw new Error(`invalid retry-schedule item ${JSON.stringify(item)}: expected a duration such as 0s, 5s, 5m, 2h`);
    return ms;
  });
}

/**
 * An endpoint's own schedule: `endpoints.retry_schedule` is a JSON array of seconds with the same
 * meaning as the global option. Null (or unreadable) means "use the global schedule".
 */
export function endpointSchedule(json: string | null): number[] | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json);
    if (!Array.isArray(v) || v.length === 0 || !v.every((n) => typeof n === "number" && Number.isFinite(n) && n >= 0)) return null;
    return v.map((s: number) => Math.round(s * 1000));
  } catch {
    return null;
  }
}

/** `delay` moved by up to ±20 %; zero stays zero (an immediate attempt is not delayed). */
export function withJitter(delayMs: number, random: RandomSource): number {
  if (delayMs <= 0) return 0;
  return Math.round(delayMs * (1 - JITTER + 2 * JITTER * random()));
}

/**
 * Delay before the next attempt after `attemptsMade` attempts, or null when the schedule is
 * exhausted (the delivery is then failed). schedule[0] is the initial delay, so after attempt n
 * the next delay is schedule[n].
 */
export function nextRetryDelay(schedule: number[], attemptsMade: number, random: RandomSource = Math.random): number | null {
  if (attemptsMade >= schedule.length) return null;
  return withJitter(schedule[attemptsMade], random);
}

/** Retry-After as milliseconds from `nowMs`: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/**
 * How long to wait after a 429/503 that carried Retry-After: never sooner than the schedule says
 * (a receiver may slow us down but not burn the attempt budget faster), and the receiver's wish
 * counts only up to RETRY_AFTER_MAX_MS.
 */
export function boundRetryAfter(scheduledMs: number, retryAfterMs: number | null): number {
  if (retryAfterMs === null) return scheduledMs;
  return Math.max(scheduledMs, Math.min(retryAfterMs, RETRY_AFTER_MAX_MS));
}
