import { describe, expect, test } from "bun:test";
import {
  formatAbsolute, formatBytes, formatCount, formatDuration, formatPercent, formatRelative, toEpochMs,
} from "../../../views/lib/format.ts";

const NOW = Date.UTC(2026, 10, 26, 20, 0, 0);

describe("toEpochMs", () => {
  test("accepts epoch ms, Date and ISO strings alike", () => {
    expect(toEpochMs(NOW)).toBe(NOW);
    expect(toEpochMs(new Date(NOW))).toBe(NOW);
    expect(toEpochMs(new Date(NOW).toISOString())).toBe(NOW);
  });
  test("returns null for missing or unparseable input", () => {
    expect(toEpochMs(null)).toBeNull();
    expect(toEpochMs(undefined)).toBeNull();
    expect(toEpochMs("")).toBeNull();
    expect(toEpochMs("yesterday")).toBeNull();
  });
});

describe("formatRelative", () => {
  test("says 'just now' within ten seconds either way", () => {
    expect(formatRelative(NOW - 9_000, NOW)).toBe("just now");
    expect(formatRelative(NOW + 9_000, NOW)).toBe("just now");
  });
  test("uses the largest whole unit for past times", () => {
    expect(formatRelative(NOW - 42_000, NOW)).toBe("42 s ago");
    expect(formatRelative(NOW - 5 * 60_000 - 59_000, NOW)).toBe("5 min ago");
    expect(formatRelative(NOW - 3 * 3_600_000, NOW)).toBe("3 h ago");
    expect(formatRelative(NOW - 2 * 86_400_000, NOW)).toBe("2 d ago");
  });
  test("phrases future times as 'in …' (scheduled retries)", () => {
    expect(formatRelative(NOW + 4 * 60_000, NOW)).toBe("in 4 min");
  });
  test("falls back to the date after 30 days", () => {
    expect(formatRelative(NOW - 40 * 86_400_000, NOW)).toBe("2026-10-17");
  });
});

describe("formatAbsolute", () => {
  test("renders UTC with seconds and the zone", () => {
    expect(formatAbsolute(Date.UTC(2026, 0, 2, 3, 4, 5))).toBe("2026-01-02 03:04:05 UTC");
  });
});

describe("formatDuration", () => {
  test("shows milliseconds below a second and one decimal below ten seconds", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(3_240)).toBe("3.2 s");
    expect(formatDuration(42_000)).toBe("42 s");
  });
  test("keeps at most two units for long ages", () => {
    expect(formatDuration(4 * 60_000 + 12_000)).toBe("4m 12s");
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000 + 9_000)).toBe("2h 5m");
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe("3d 4h");
    expect(formatDuration(3_600_000)).toBe("1h");
  });
  test("shows a dash when there is no value", () => {
    expect(formatDuration(null)).toBe("–");
    expect(formatDuration(Number.NaN)).toBe("–");
  });
});

describe("formatPercent", () => {
  test("never rounds a failing rate up to 100%", () => {
    expect(formatPercent(0.9996)).toBe("99.9%");
    expect(formatPercent(1)).toBe("100%");
  });
  test("floors exact ratios without float noise", () => {
    expect(formatPercent(0.29)).toBe("29.0%");
    expect(formatPercent(0.57)).toBe("57.0%");
  });
  test("shows two decimals below 10% and clamps out-of-range ratios", () => {
    expect(formatPercent(0.0123)).toBe("1.23%");
    expect(formatPercent(1.5)).toBe("100%");
    expect(formatPercent(-1)).toBe("0.00%");
  });
  test("shows a dash when there were no deliveries", () => {
    expect(formatPercent(null)).toBe("–");
  });
});

describe("formatCount and formatBytes", () => {
  test("groups thousands, and compacts large numbers on request", () => {
    expect(formatCount(12345)).toBe("12,345");
    expect(formatCount(1_234_567, true)).toBe("1.2M");
    expect(formatCount(999, true)).toBe("999");
  });
  test("scales bytes by 1024", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.0 MB");
  });
});
