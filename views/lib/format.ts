/**
 * @module views/lib/format
 * Pure display formatting shared by views: times, durations, counts, percentages, bytes.
 * No imports; src/ code may use it to stay consistent with the UI, views must not import src/.
 */

/** What views accept as a point in time: epoch milliseconds (the DB's format), a Date or an ISO string. */
export type TimeInput = number | Date | string;

/** Converts a TimeInput to epoch ms; null when it is missing or unparseable. */
export function toEpochMs(at: TimeInput | null | undefined): number | null {
  if (at === null || at === undefined || at === "") return null;
  const ms = at instanceof Date ? at.getTime() : typeof at === "number" ? at : Date.parse(at);
  return Number.isFinite(ms) ? ms : null;
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * "2026-11-26 20:03:11 UTC". UTC on the server because it cannot know the viewer's zone;
 * app.js rewrites the title to local time in the browser.
 */
export function formatAbsolute(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

/**
 * "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago", "in 4 min"; past 30 days the date.
 * Mirrors relative() in assets/app.js so the first paint matches what the script keeps updating.
 */
export function formatRelative(ms: number, now: number = Date.now()): string {
  const diff = now - ms;
  const abs = Math.abs(diff);
  if (abs < 10_000) return "just now";
  const units: Array<[number, string]> = [[86_400_000, "d"], [3_600_000, "h"], [60_000, "min"], [1000, "s"]];
  if (abs >= 30 * 86_400_000) return formatAbsolute(ms).slice(0, 10);
  for (const [size, unit] of units) {
    if (abs >= size) {
      const n = Math.floor(abs / size);
      return diff >= 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
    }
  }
  return "just now";
}

/** "850 ms", "3.2 s", "4m 12s", "2h 5m", "3d 4h": two units at most, as an operator reads an age. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "–";
  const v = Math.max(0, ms);
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 60_000) return `${(v / 1000).toFixed(v < 10_000 ? 1 : 0)} s`;
  const s = Math.floor(v / 1000);
  const [d, h, m, sec] = [Math.floor(s / 86_400), Math.floor(s / 3600) % 24, Math.floor(s / 60) % 60, s % 60];
  if (d > 0) return h ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m ? `${h}h ${m}m` : `${h}h`;
  return sec ? `${m}m ${sec}s` : `${m}m`;
}

/** 12345 → "12,345"; 1234567 → "1.2M" when compact. */
export function formatCount(n: number, compact = false): string {
  if (!Number.isFinite(n)) return "–";
  if (compact && Math.abs(n) >= 10_000) {
    return new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 }).format(n);
  }
  return new Intl.NumberFormat("en").format(n);
}

/**
 * A 0..1 ratio as "99.2%". Rounds down near 100 so 99.96% never shows as a reassuring "100%"
 * while something is failing.
 */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "–";
  const pct = Math.min(1, Math.max(0, ratio)) * 100;
  if (pct === 100) return "100%";
  const digits = pct >= 10 ? 1 : 2;
  const factor = 10 ** digits;
  // The epsilon undoes float noise (0.29 * 100 = 28.999999999999996) before flooring.
  return `${(Math.floor(pct * factor + 1e-6) / factor).toFixed(digits)}%`;
}

/** 1536 → "1.5 KB": steps of 1024, as browser devtools show body sizes. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return "–";
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
