// Ids: the Number-based base62 encoder must give exactly the digits of the 128-bit BigInt reading.
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { newId, idFloor, encode } from "../../src/lib/ids";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function reference(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = "";
  for (let i = 0; i < 22; i++) { out = ALPHABET[Number(n % 62n)] + out; n /= 62n; }
  return out;
}
function timeBytes(ms: number): Uint8Array {
  const b = new Uint8Array(16);
  let t = ms;
  for (let i = 5; i >= 0; i--) { b[i] = t % 256; t = Math.floor(t / 256); }
  return b;
}

describe("ids", () => {
  test("idFloor matches the BigInt base62 reading of its bytes, for any time", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), (ms) => {
      expect(idFloor("msg", ms)).toBe(`msg_${reference(timeBytes(ms))}`);
    }), { numRuns: 2000 });
  });

  test("any 16 bytes encode exactly like the BigInt reference, including all zeros and all ones", () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
      expect(encode(bytes, 22)).toBe(reference(bytes));
    }), { numRuns: 5000 });
    expect(encode(new Uint8Array(16), 22)).toBe("0".repeat(22));
    expect(encode(new Uint8Array(16).fill(255), 22)).toBe(reference(new Uint8Array(16).fill(255)));
  });

  test("ids sort by creation time and stay unique within one millisecond", () => {
    const ids = [newId("msg", 1_700_000_000_000), newId("msg", 1_700_000_000_000), newId("msg", 1_700_000_000_001), newId("msg", 1_800_000_000_000)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(4);
    expect(ids[0]).toMatch(/^msg_[0-9A-Za-z]{22}$/);
    expect(idFloor("msg", 1_700_000_000_000) <= ids[0]).toBe(true);
  });
});
