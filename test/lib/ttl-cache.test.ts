import { describe, expect, test } from "bun:test";
import { TtlCache } from "../../src/lib/ttl-cache";

describe("TtlCache", () => {
  test("serves a loaded value until its lifetime ends, then loads again", () => {
    let t = 0;
    let loads = 0;
    const c = new TtlCache<string, number>(1000, 10, () => t);
    const load = () => ++loads;
    expect(c.get("a", load)).toBe(1);
    t = 999;
    expect(c.get("a", load)).toBe(1);
    t = 1000;
    expect(c.get("a", load)).toBe(2);
  });

  test("forget drops one key or all; a value keep() refuses is not remembered", () => {
    let loads = 0;
    const c = new TtlCache<string, number | null>(60_000, 10, () => 0);
    c.get("a", () => ++loads);
    c.get("b", () => ++loads);
    c.forget("a");
    expect(c.get("a", () => ++loads)).toBe(3);
    expect(c.get("b", () => ++loads)).toBe(2);
    c.forget();
    expect(c.get("b", () => ++loads)).toBe(4);
    expect(c.get("miss", () => null, (v) => v !== null)).toBeNull();
    expect(c.get("miss", () => 7, (v) => v !== null)).toBe(7);
  });

  test("never holds more than its size: a full cache is emptied before the next entry", () => {
    let loads = 0;
    const c = new TtlCache<number, number>(60_000, 3, () => 0);
    for (const k of [1, 2, 3]) c.get(k, () => ++loads);
    c.get(4, () => ++loads); // clears 1..3
    expect(c.get(1, () => ++loads)).toBe(5);
    expect(c.get(4, () => ++loads)).toBe(4);
  });
});
