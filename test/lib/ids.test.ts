import { describe, expect, test } from "bun:test";
import { newId, idFloor } from "../../src/lib/ids";

describe("ids", () => {
  test("newId sorts by creation time across milliseconds", () => {
    const ids = [1_000, 2_000, 2_001, 1_800_000_000_000].map((ms) => newId("msg", ms));
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^msg_[0-9A-Za-z]{23}$/);
  });

  test("newId stays monotonic for many ids in the same millisecond and when the clock goes back", () => {
    const ids: string[] = [];
    for (let i = 0; i < 5000; i++) ids.push(newId("atmpt", 1_900_000_000_000));
    ids.push(newId("atmpt", 1_899_999_999_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("idFloor is at or below every id created at that time and above ids created earlier", () => {
    const t = 1_950_000_000_000;
    const before = newId("ep", t + 10_000_000_000 - 1); // advance lastMs past t (monotonic guard) then compare
    expect(idFloor("ep", t + 10_000_000_000) > before).toBe(true);
    const at = newId("ep", t + 20_000_000_000);
    expect(idFloor("ep", t + 20_000_000_000) <= at).toBe(true);
    expect(idFloor("ep", t + 20_000_000_001) > at).toBe(true);
  });

  test("the time part is 9 fixed-width base62 digits, most significant first, for any millisecond", () => {
    const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    const reference = (n: number) => { let s = ""; for (let i = 0; i < 9; i++) { s = digits[n % 62] + s; n = Math.floor(n / 62); } return s; };
    expect(idFloor("x", 0)).toBe(`x_${"0".repeat(23)}`);
    expect(idFloor("x", 61)).toBe(`x_00000000z${"0".repeat(14)}`);
    expect(idFloor("x", 62)).toBe(`x_000000010${"0".repeat(14)}`);
    for (const ms of [1, 3843, 3844, 238_327, 1_764_000_000_000, 2 ** 48 - 1, 1_800_000_000_123]) {
      expect(idFloor("x", ms)).toBe(`x_${reference(ms)}${"0".repeat(14)}`);
    }
  });

  test("ids of different prefixes made in one millisecond keep their own prefix, the same time part, and count up", () => {
    const ms = 2_100_000_000_000; // later than every other test's clock: newId never goes back
    const a = newId("msg", ms), b = newId("atmpt", ms), c = newId("msg", ms);
    expect(a.startsWith("msg_") && b.startsWith("atmpt_") && c.startsWith("msg_")).toBe(true);
    const body = (id: string) => id.slice(id.indexOf("_") + 1);
    expect(body(b).slice(0, 9)).toBe(body(a).slice(0, 9));
    expect(body(b).slice(0, 9)).toBe(idFloor("x", ms).slice(2, 11));
    expect(body(a) < body(b) && body(b) < body(c)).toBe(true);
  });
});
