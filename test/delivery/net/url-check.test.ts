import { describe, expect, test } from "bun:test";
import { checkDestinationUrl, type DestinationPolicy } from "../../../src/delivery/net/index.ts";

const DEFAULT: DestinationPolicy = { allowPrivate: false, allowCidrs: [], httpsOnly: false };

describe("checkDestinationUrl", () => {
  test("accepts public http and https URLs and hostnames (resolved later, at send time)", () => {
    for (const u of ["https://example.com/hooks", "http://8.8.8.8:8080/x?y=1", "https://[2606:4700:4700::1111]/", "https://internal.corp/"]) {
      expect(checkDestinationUrl(u, DEFAULT).ok).toBe(true);
    }
  });

  test("returns the parsed URL, the bare hostname and the canonical literal IP", () => {
    const r = checkDestinationUrl("http://[2606:4700:4700:0:0:0:0:1111]:81/a", DEFAULT);
    expect(r).toMatchObject({ ok: true, hostname: "2606:4700:4700::1111", ip: "2606:4700:4700::1111" });
  });

  test("explains a private literal in a 422-ready sentence naming the fix", () => {
    const r = checkDestinationUrl("http://10.0.0.1/hook", DEFAULT);
    expect(r).toMatchObject({ ok: false, code: "blocked", range: "private", reason: "10.0.0.1 is a private address" });
    if (!r.ok) {
      expect(r.message).toBe(
        "url: destination 10.0.0.1 is a private address; start hookrelay with --allow-private-destinations to allow it" +
          " (or --allow-destination 10.0.0.1/32 for this address only)",
      );
    }
  });

  // Every spelling WHATWG URL normalises to a metadata or loopback address.
  test.each([
    ["http://2852039166/", "link_local"],
    ["http://0xa9fea9fe/", "link_local"],
    ["http://0251.0376.0251.0376/", "link_local"],
    ["http://169.254.43518/", "link_local"],
    ["http://169.254.169.254./", "link_local"],
    ["http://１６９.２５４.１６９.２５４/", "link_local"],
    ["http://[::ffff:169.254.169.254]/", "link_local"],
    ["http://[::ffff:a9fe:a9fe]/", "link_local"],
    ["http://[64:ff9b::169.254.169.254]/", "link_local"],
    ["http://[2002:a9fe:a9fe::]/", "link_local"],
    ["http://2130706433/", "loopback"],
    ["http://0x7f000001/", "loopback"],
    ["http://0177.0.0.1/", "loopback"],
    ["http://127.1/", "loopback"],
    ["http://[::1]:8080/", "loopback"],
    ["http://[::127.0.0.1]/", "loopback"],
    ["http://0/", "unspecified"],
    ["HTTP://[FD00:EC2::254]/", "unique_local"],
    ["http://localhost/", "loopback"],
    ["http://LOCALHOST./", "loopback"],
    ["http://api.localhost:3000/", "loopback"],
  ])("blocks %s (%s)", (url, range) => {
    expect(checkDestinationUrl(url, DEFAULT)).toMatchObject({ ok: false, code: "blocked", range });
  });

  test("rejects credentials in the URL, including the a@b@c confusion form", () => {
    for (const u of ["https://user:pw@example.com/", "https://user@example.com/", "http://user:pw@127.0.0.1@evil.com/"]) {
      const r = checkDestinationUrl(u, DEFAULT);
      expect(r).toMatchObject({ ok: false, code: "invalid_url" });
      if (!r.ok) expect(r.message).toContain("send them in a header instead");
    }
  });

  test.each(["ftp://example.com/", "file:///etc/passwd", "gopher://127.0.0.1:6379/", "javascript:alert(1)", "data:text/plain,x"])(
    "rejects scheme of %s",
    (u) => {
      expect(checkDestinationUrl(u, DEFAULT)).toMatchObject({ ok: false, code: "invalid_url" });
    },
  );

  test.each(["", "example.com/hook", "/relative", "http://", "http://999.1.1.1/", "http://[fe80::1%25eth0]/", "http://example.com:0/"])(
    "rejects malformed %p",
    (u) => {
      expect(checkDestinationUrl(u, DEFAULT)).toMatchObject({ ok: false, code: "invalid_url" });
    },
  );

  test("httpsOnly refuses http:// and still checks https literals", () => {
    const policy = { ...DEFAULT, httpsOnly: true };
    const r = checkDestinationUrl("http://example.com/", policy);
    expect(r).toMatchObject({ ok: false, code: "blocked" });
    if (!r.ok) expect(r.message).toContain("--https-only-destinations");
    expect(checkDestinationUrl("https://example.com/", policy).ok).toBe(true);
    expect(checkDestinationUrl("https://10.0.0.1/", policy).ok).toBe(false);
  });

  test("allowPrivate and allowCidrs overrides apply to literals and localhost names", () => {
    expect(checkDestinationUrl("http://10.0.0.1/", { ...DEFAULT, allowPrivate: true }).ok).toBe(true);
    expect(checkDestinationUrl("http://localhost:3000/", { ...DEFAULT, allowPrivate: true }).ok).toBe(true);
    const cidr = { ...DEFAULT, allowCidrs: ["127.0.0.0/8"] };
    expect(checkDestinationUrl("http://127.0.0.1:9/", cidr).ok).toBe(true);
    expect(checkDestinationUrl("http://localhost:9/", cidr).ok).toBe(true);
    expect(checkDestinationUrl("http://[::1]:9/", cidr).ok).toBe(false);
    expect(checkDestinationUrl("http://169.254.169.254/", cidr).ok).toBe(false);
  });

  test("the IPv6 hint suggests a /128", () => {
    const r = checkDestinationUrl("http://[fd12::1]/", DEFAULT);
    if (r.ok) throw new Error("expected a block");
    expect(r.message).toContain("--allow-destination fd12::1/128");
  });
});
