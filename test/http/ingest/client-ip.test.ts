import { describe, expect, test } from "bun:test";
import { clientIp } from "../../../src/http/ingest/client-ip";

describe("clientIp", () => {
  test("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(clientIp("203.0.113.9", "198.51.100.1", ["10.0.0.0/8"])).toBe("203.0.113.9");
    expect(clientIp("10.0.0.2", "198.51.100.1", [])).toBe("10.0.0.2");
  });

  test("takes the rightmost untrusted hop when the peer is a trusted proxy", () => {
    expect(clientIp("10.0.0.2", "198.51.100.1, 203.0.113.5, 10.0.0.7", ["10.0.0.0/8"])).toBe("203.0.113.5");
    expect(clientIp("::ffff:10.0.0.2", "198.51.100.1:4711", ["10.0.0.0/8"])).toBe("198.51.100.1");
    expect(clientIp("10.0.0.2", "[2001:db8::1]:443", ["10.0.0.0/8"])).toBe("2001:db8::1");
  });

  test("shows IPv4-mapped peers as IPv4 and survives a missing peer", () => {
    expect(clientIp("::ffff:127.0.0.1", null, [])).toBe("127.0.0.1");
    expect(clientIp(null, "1.2.3.4", ["0.0.0.0/0"])).toBeNull();
  });
});
