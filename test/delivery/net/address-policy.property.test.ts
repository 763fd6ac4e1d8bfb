/**
 * Property tests (fast-check): any address from a blocked range, in any spelling a URL
 * accepts, is refused; any address outside them passes. The oracle ranges below are
 * written independently of src/.
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { checkDestinationUrl, type DestinationPolicy } from "../../../src/delivery/net/index.ts";

const DEFAULT: DestinationPolicy = { allowPrivate: false, allowCidrs: [], httpsOnly: false };

const V4_BLOCKED: [base: number, prefix: number][] = [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16],
  ["172.16.0.0", 12], ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16],
  ["198.18.0.0", 15], ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
].map(([ip, p]) => [toInt(ip as string), p as number]);

function toInt(ip: string): number {
  return ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
}
const inRange = (n: number, [base, prefix]: [number, number]) =>
  Math.floor(n / 2 ** (32 - prefix)) === Math.floor(base / 2 ** (32 - prefix));
const isBlocked = (n: number) => V4_BLOCKED.some((r) => inRange(n, r));

const dotted = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
const hex4 = (n: number) => n.toString(16);
const hi = (n: number) => hex4(Math.floor(n / 65536));
const lo = (n: number) => hex4(n % 65536);

// URL host spellings that all mean the same IPv4 address.
const SPELLINGS: ((n: number) => string)[] = [
  dotted,
  (n) => String(n),
  (n) => `0x${hex4(n)}`,
  (n) => dotted(n).split(".").map((o) => `0${Number(o).toString(8)}`).join("."),
  (n) => `${Math.floor(n / 2 ** 24)}.${n % 2 ** 24}`,
  (n) => `${dotted(n)}.`,
  (n) => `[::ffff:${dotted(n)}]`,
  (n) => `[::ffff:${hi(n)}:${lo(n)}]`,
  (n) => `[64:ff9b::${dotted(n)}]`,
  (n) => `[2002:${hi(n)}:${lo(n)}::1]`,
];

const blockedV4 = fc
  .tuple(fc.integer({ min: 0, max: V4_BLOCKED.length - 1 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }))
  .map(([i, noise]) => {
    const [base, prefix] = V4_BLOCKED[i];
    const hostBits = 2 ** (32 - prefix);
    return base + (noise % hostBits);
  });

describe("checkDestinationUrl properties", () => {
  test("every blocked IPv4 address is refused in every URL spelling", () => {
    fc.assert(
      fc.property(blockedV4, fc.integer({ min: 0, max: SPELLINGS.length - 1 }), (n, s) => {
        const url = `http://${SPELLINGS[s](n)}/hook`;
        const r = checkDestinationUrl(url, DEFAULT);
        expect({ url, ok: r.ok }).toEqual({ url, ok: false });
      }),
      { numRuns: 3000 },
    );
  });

  test("every other IPv4 address passes, dotted or wrapped in a routable v6 form", () => {
    const publicV4 = fc.integer({ min: 0, max: 2 ** 32 - 1 }).filter((n) => !isBlocked(n));
    fc.assert(
      fc.property(publicV4, fc.integer({ min: 0, max: SPELLINGS.length - 1 }), (n, s) => {
        const url = `http://${SPELLINGS[s](n)}/hook`;
        expect({ url, ok: checkDestinationUrl(url, DEFAULT).ok }).toEqual({ url, ok: true });
      }),
      { numRuns: 3000 },
    );
  });
});
