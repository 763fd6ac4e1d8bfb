import { describe, expect, test } from "bun:test";
import { checkAddress, classifyAddress, isValidCidr, type DestinationPolicy } from "../../../src/delivery/net/index.ts";
import { parseIp } from "../../../src/delivery/net/ip-address.ts";
import { BLOCKED, PUBLIC } from "./ssrf-table.ts";

const DEFAULT: DestinationPolicy = { allowPrivate: false, allowCidrs: [], httpsOnly: false };

describe("checkAddress", () => {
  test.each(BLOCKED)("blocks %s as %s", (ip, range) => {
    const r = checkAddress(ip, DEFAULT);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.range as string).toBe(range);
      expect(r.reason).toContain(" is ");
    }
  });

  test.each(PUBLIC)("allows global unicast %s", (ip) => {
    expect(checkAddress(ip, DEFAULT)).toEqual({ ok: true });
  });

  test("names the wrapped IPv4 address and the metadata service in the reason", () => {
    const r = checkAddress("64:ff9b::a9fe:a9fe", DEFAULT);
    expect(r).toMatchObject({ ok: false, range: "link_local" });
    if (!r.ok) expect(r.reason).toBe("64:ff9b::a9fe:a9fe is a link-local address (NAT64 169.254.169.254), used by cloud metadata services");
  });

  test("reports the canonical form of the address it judged", () => {
    const r = checkAddress("::FFFF:10.0.0.1", DEFAULT);
    if (r.ok) throw new Error("expected a block");
    expect(r.reason).toBe("::ffff:a00:1 is a private address (IPv4-mapped 10.0.0.1)");
  });

  test.each(["", "localhost", "127.1", "2130706433", "0x7f.0.0.1", "010.0.0.1", "1.2.3.256", "1::2::3", "::ffff:1.2.3", "1.2.3.4::", "[::1"])(
    "refuses %p as not an IP address even with allowPrivate",
    (text) => {
      expect(checkAddress(text, { ...DEFAULT, allowPrivate: true })).toMatchObject({ ok: false, range: "invalid" });
    },
  );

  test("allowPrivate lets every blocked class through", () => {
    for (const [ip] of BLOCKED) expect(checkAddress(ip, { ...DEFAULT, allowPrivate: true }).ok).toBe(true);
  });

  test("allowCidrs lets exactly the listed ranges through", () => {
    const policy = { ...DEFAULT, allowCidrs: ["10.1.0.0/16", "fd00:ec2::254", "127.0.0.1/32"] };
    expect(checkAddress("10.1.200.3", policy).ok).toBe(true);
    expect(checkAddress("10.2.0.1", policy).ok).toBe(false);
    expect(checkAddress("fd00:ec2::254", policy).ok).toBe(true);
    expect(checkAddress("fd00:ec2::253", policy).ok).toBe(false);
    expect(checkAddress("127.0.0.1", policy).ok).toBe(true);
    expect(checkAddress("127.0.0.2", policy).ok).toBe(false);
    // One allowed range must not disable the rest (GitLab H1 #1055816).
    expect(checkAddress("169.254.169.254", policy).ok).toBe(false);
  });

  test("an IPv4 allowCidrs entry admits its IPv4-mapped form but not gateway forms", () => {
    const policy = { ...DEFAULT, allowCidrs: ["10.0.0.0/8"] };
    expect(checkAddress("::ffff:10.0.0.7", policy).ok).toBe(true);
    expect(checkAddress("::ffff:192.168.0.7", policy).ok).toBe(false);
    // NAT64/6to4/Teredo/compatible go to some gateway's 10.0.0.7, not ours.
    for (const ip of ["64:ff9b::a00:7", "2002:a00:7::1", "::10.0.0.7", "2001:0:a00:7::1"]) {
      expect(checkAddress(ip, policy).ok).toBe(false);
    }
  });

  test("ignores invalid allowCidrs entries instead of failing open", () => {
    const policy = { ...DEFAULT, allowCidrs: ["10.0.0.0/33", "nonsense", "0.0.0.0/-1"] };
    expect(checkAddress("10.0.0.1", policy).ok).toBe(false);
  });
});

describe("isValidCidr", () => {
  test.each(["10.0.0.0/8", "0.0.0.0/0", "::/0", "fd00::/8", "192.168.1.7", "::1", "10.0.0.0/32"])("accepts %s", (c) => {
    expect(isValidCidr(c)).toBe(true);
  });
  test.each(["10.0.0.0/33", "::/129", "10.0.0.0/", "10/8", "example.com/24", "10.0.0.0/8x", ""])("rejects %p", (c) => {
    expect(isValidCidr(c)).toBe(false);
  });
});

describe("classifyAddress", () => {
  test("unwraps both Teredo addresses (server and bit-inverted client)", () => {
    // RFC 4380 example: server 65.54.227.120, client 192.0.2.45.
    const c = classifyAddress(parseIp("2001:0:4136:e378:8000:63bf:3fff:fdd2")!);
    expect(c.range).toBe("documentation");
    expect(c.embedded?.kind).toBe("Teredo");
  });

  test("parses the RFC 5952 and expanded spellings of the same address alike", () => {
    for (const s of ["0:0:0:0:0:ffff:7f00:1", "::ffff:127.0.0.1", "0000:0000:0000:0000:0000:FFFF:7F00:0001"]) {
      expect(classifyAddress(parseIp(s)!).range).toBe("loopback");
    }
  });
});
