import { formatAbsolute, formatDuration, formatRelative, toEpochMs, type TimeInput } from "../lib/format.ts";

// Variables named safe* hold text built by lib/format from numbers only (no user input),
// which is what xss-scan's `safe` prefix convention asserts.

/**
 * `<time data-relative>`: "5 min ago" with the absolute UTC time in the title. The server
 * renders the relative text so the page reads right without JS; app.js keeps it current
 * every 30 s and switches the title to the viewer's local zone.
 */
export function RelativeTime(props: { at: TimeInput | null | undefined; now?: number; fallback?: string }) {
  const ms = toEpochMs(props.at);
  if (ms === null) {
    return <span class="muted" safe>{props.fallback ?? "never"}</span>;
  }
  const safeRelative = formatRelative(ms, props.now);
  return (
    <time datetime={new Date(ms).toISOString()} title={formatAbsolute(ms)} data-relative="">
      {safeRelative}
    </time>
  );
}

/** Absolute timestamp for detail pages ("2026-11-26 20:03:11 UTC"), still a machine-readable <time>. */
export function AbsoluteTime(props: { at: TimeInput | null | undefined; fallback?: string }) {
  const ms = toEpochMs(props.at);
  if (ms === null) {
    return <span class="muted" safe>{props.fallback ?? "never"}</span>;
  }
  const safeAbsolute = formatAbsolute(ms);
  return (
    <time datetime={new Date(ms).toISOString()} title={formatRelative(ms)}>
      {safeAbsolute}
    </time>
  );
}

/** A duration such as a response time or queue age, with exact milliseconds in the title. */
export function Duration(props: { ms: number | null | undefined }) {
  if (props.ms === null || props.ms === undefined) return <span class="muted">–</span>;
  const safeDuration = formatDuration(props.ms);
  return <span class="num" title={`${Math.round(props.ms)} ms`}>{safeDuration}</span>;
}
