// Pure number helpers for the benchmark: percentiles, medians, rates and ratios. No I/O here,
// so test/bench covers them without starting anything.

export interface LatencySummary {
  count: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array: the smallest value with at least p % of samples at or below it. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (p <= 0) return sorted[0];
  if (p >= 100) return sorted[n - 1];
  const rank = Math.ceil((p / 100) * n);
  return sorted[Math.min(n, Math.max(1, rank)) - 1];
}

/** Summary of unsorted samples (copied into a Float64Array, so the caller's array is left alone). */
export function summarize(values: ArrayLike<number>): LatencySummary {
  const a = Float64Array.from(values as ArrayLike<number>);
  a.sort();
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i];
  return {
    count: a.length,
    min: a.length ? a[0] : NaN,
    p50: percentile(a, 50),
    p90: percentile(a, 90),
    p99: percentile(a, 99),
    max: a.length ? a[a.length - 1] : NaN,
    mean: a.length ? sum / a.length : NaN,
  };
}

/** Median of the finite values; null when there are none (a phase that did not run). */
export function median(values: readonly (number | null | undefined)[]): number | null {
  const a = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v)).sort((x, y) => x - y);
  if (!a.length) return null;
  const mid = a.length >> 1;
  return a.length % 2 ? a[mid] : (a[mid - 1] + a[mid]) / 2;
}

/** events per second; null for an empty or zero-length window. */
export function rate(count: number, ms: number): number | null {
  return ms > 0 && Number.isFinite(count) ? (count * 1000) / ms : null;
}

/** a / b, or null when either side is missing or b is zero. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (typeof a !== "number" || typeof b !== "number" || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return a / b;
}

/** Relative change of `after` against `before` (0.1 = 10 % higher); null when either is missing. */
export function change(after: number | null | undefined, before: number | null | undefined): number | null {
  const r = ratio(after, before);
  return r === null ? null : r - 1;
}

/** Counts of samples inside [from, to) of an ascending or unsorted array of times. */
export function countInWindow(times: ArrayLike<number>, from: number, to: number): number {
  let n = 0;
  for (let i = 0; i < times.length; i++) if (times[i] >= from && times[i] < to) n++;
  return n;
}
