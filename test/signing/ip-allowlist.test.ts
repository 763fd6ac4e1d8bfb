import { describe, expect, test } from "bun:test";
import { ipAllowed, isValidCidr } from "../../src/signing/index.ts";

describe("ipAllowed", () => {
  test("ipAllowed() matches IPv4 addresses inside a CIDR block and not outside it", () => {
    const stripeRange = ["3.18.12.0/22"];
    expect(ipAllowed("3.18.12.63", stripeRange)).toBe(true);
    expect(ipAllowed("3.18.15.255", stripeRange)).toBe(true);
    expect(ipAllowed("3.18.16.0", stripeRange)).toBe(false);
  });

  test("ipAllowed() treats a bare address as a single-host block", () => {
    expect(ipAllowed("52.10.180.255", ["52.10.180.255"])).toBe(true);
    expect(ipAllowed("52.10.180.254", ["52.10.180.255"])).toBe(false);
    expect(ipAllowed("2001:db8::1", ["2001:db8::1"])).toBe(true);
  });

  test("ipAllowed() matches IPv6 addresses in compressed and full forms", () => {
    const githubHooks = ["2a0a:a440::/29"];
    expect(ipAllowed("2a0a:a440:0:0:0:0:0:1", githubHooks)).toBe(true);
    expect(ipAllowed("2a0a:a447:ffff::", githubHooks)).toBe(true);
    expect(ipAllowed("2a0a:a448::", githubHooks)).toBe(false);
    expect(ipAllowed("::1", ["::1/128"])).toBe(true);
  });

  test("ipAllowed() matches IPv4-mapped IPv6 peers against IPv4 blocks", () => {
    expect(ipAllowed("::ffff:192.0.2.10", ["192.0.2.0/24"])).toBe(true);
    expect(ipAllowed("::ffff:c000:20a", ["192.0.2.0/24"])).toBe(true);
  });

  test("ipAllowed() never matches across address families", () => {
    expect(ipAllowed("10.0.0.1", ["::/0"])).toBe(false);
    expect(ipAllowed("2001:db8::1", ["0.0.0.0/0"])).toBe(false);
  });

  test("ipAllowed() accepts everything of one family with a /0 block", () => {
    expect(ipAllowed("203.0.113.9", ["0.0.0.0/0"])).toBe(true);
    expect(ipAllowed("2001:db8::9", ["::/0"])).toBe(true);
  });

  test("ipAllowed() strips brackets and zone ids from the client address", () => {
    expect(ipAllowed("[fe80::1%eth0]", ["fe80::/10"])).toBe(true);
  });

  test("ipAllowed() fails closed on malformed addresses and skips malformed blocks", () => {
    for (const ip of ["", "localhost", "256.1.1.1", "1.2.3", "010.0.0.1", "1:2:3:4:5:6:7:8:9", "::g", "1::2::3"]) {
      expect(ipAllowed(ip, ["0.0.0.0/0", "::/0"])).toBe(false);
    }
    expect(ipAllowed("10.0.0.1", ["10.0.0.0/33", "nonsense", "10.0.0.0/8/8"])).toBe(false);
    expect(ipAllowed("10.0.0.1", ["nonsense", "10.0.0.0/8"])).toBe(true);
  });

  test("ipAllowed() refuses everything with an empty allowlist", () => {
    expect(ipAllowed("127.0.0.1", [])).toBe(false);
  });
});

describe("isValidCidr", () => {
  test("isValidCidr() accepts addresses and blocks and rejects out-of-range prefixes", () => {
    for (const ok of ["10.0.0.0/8", "192.0.2.1", "2001:db8::/32", "::/0", "::ffff:1.2.3.4/128"]) expect(isValidCidr(ok)).toBe(true);
    for (const bad of ["10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "/8", "10.0.0.0/08x"]) expect(isValidCidr(bad)).toBe(false);
  });
});

describe("ipAllowed with IPv4-mapped blocks", () => {
  test("ipAllowed() reads a block written as ::ffff:a.b.c.d/n as the IPv4 block /(n-96)", () => {
    expect(ipAllowed("192.0.2.77", ["::ffff:192.0.2.0/120"])).toBe(true);
    expect(ipAllowed("192.0.3.1", ["::ffff:192.0.2.0/120"])).toBe(false);
    expect(isValidCidr("::ffff:192.0.2.0/64")).toBe(false);
  });
});
