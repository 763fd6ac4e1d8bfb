/**
 * SSRF suite for the sender: every blocked class three ways (literal URL, via the
 * resolver, behind a redirect), plus rebinding and multi-answer cases. All traffic goes
 * through the loopback guard; afterEach fails the test if anything tried to leave lo.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { createSender, type DestinationPolicy, type SendRequest } from "../../../src/delivery/net/index.ts";
import { fakeResolver } from "./helpers/fake-resolver.ts";
import { loopbackGuard, type Guard } from "./helpers/loopback-guard.ts";
import { Receivers } from "./helpers/receivers.ts";
import { BLOCKED } from "./ssrf-table.ts";

const DENY: DestinationPolicy = { allowPrivate: false, allowCidrs: [], httpsOnly: false };
// Redirect and override tests need one reachable receiver; the rest of loopback stays blocked.
const POLICY: DestinationPolicy = { ...DENY, allowCidrs: ["127.0.0.1/32"] };
const host = (ip: string) => (ip.includes(":") ? `[${ip}]` : ip);
const req = (url: string, extra: Partial<SendRequest> = {}): SendRequest => ({
  url, headers: {}, body: "{}", timeoutMs: 2000, maxResponseBytes: 4096, ...extra,
});

const receivers = new Receivers();
let port = 0;
let hits = 0;
let guard: Guard;

beforeAll(() => {
  port = receivers.http((r) => {
    hits++;
    const to = new URL(r.url).searchParams.get("to");
    return to ? new Response(null, { status: 302, headers: { location: to } }) : new Response("ok");
  }).port ?? 0;
});
afterAll(() => receivers.stopAll());
beforeEach(() => {
  guard = loopbackGuard();
  hits = 0;
});
afterEach(() => expect(guard.violations).toEqual([]));

const resolverTable = Object.fromEntries(BLOCKED.map(([ip], i) => [`t${i}.test`, [ip]]));

describe("blocked destinations", () => {
  test.each(BLOCKED)("literal %s (%s) is refused before connecting", async (ip) => {
    const send = createSender({ policy: DENY, transport: guard.transport });
    const r = await send(req(`http://${host(ip)}:${port}/hook`));
    expect(r).toMatchObject({ errorClass: "blocked", status: null, remoteAddress: null });
    expect(guard.calls).toHaveLength(0);
  });

  test.each(BLOCKED.map(([ip, range], i) => [`t${i}.test`, ip, range]))(
    "%s resolving to %s (%s) is refused before connecting",
    async (name) => {
      const dns = fakeResolver(resolverTable);
      const send = createSender({ policy: DENY, transport: guard.transport, resolver: dns.resolve });
      const r = await send(req(`http://${name}:${port}/hook`));
      expect(r.errorClass).toBe("blocked");
      expect(r.error).toStartWith(`${name}: `);
      expect(dns.calls).toEqual([name]);
      expect(guard.calls).toHaveLength(0);
    },
  );

  test.each(BLOCKED)("a 302 to %s (%s) is returned, not followed", async (ip) => {
    const target = `http://${host(ip)}/latest/meta-data/`;
    const send = createSender({ policy: POLICY, transport: guard.transport });
    const r = await send(req(`http://127.0.0.1:${port}/redirect?to=${encodeURIComponent(target)}`));
    expect(r).toMatchObject({ status: 302, errorClass: null, remoteAddress: "127.0.0.1" });
    expect(r.headers.location).toBe(target);
    expect(guard.calls).toHaveLength(1);
  });

  test.each(["http://2852039166/", "http://0xa9fea9fe/", "http://[::ffff:169.254.169.254]/", "http://[64:ff9b::a9fe:a9fe]/", "http://0/", "http://127.1:1/", "http://localhost./"])(
    "encoded literal %s is refused",
    async (url) => {
      const send = createSender({ policy: DENY, transport: guard.transport });
      expect((await send(req(url))).errorClass).toBe("blocked");
      expect(guard.calls).toHaveLength(0);
    },
  );
});

describe("resolution", () => {
  test("metadata.test names the metadata address in the error", async () => {
    const dns = fakeResolver({ "metadata.test": ["169.254.169.254"] });
    const send = createSender({ policy: POLICY, transport: guard.transport, resolver: dns.resolve });
    const r = await send(req("http://metadata.test/latest/meta-data/"));
    expect(r.error).toBe("metadata.test: 169.254.169.254 is a link-local address, used by cloud metadata services");
  });

  test("one blocked answer among allowed ones refuses the whole set", async () => {
    const dns = fakeResolver({ "rebind.test": ["127.0.0.1", "10.0.0.1"] });
    const send = createSender({ policy: POLICY, transport: guard.transport, resolver: dns.resolve });
    const r = await send(req(`http://rebind.test:${port}/`));
    expect(r).toMatchObject({ errorClass: "blocked", error: "rebind.test: 10.0.0.1 is a private address" });
    expect(hits).toBe(0);
  });

  test("the request lands on the checked address; the name is never resolved twice", async () => {
    const seen: string[] = [];
    const onAt = (hostname: string) => receivers.http(() => (seen.push(hostname), new Response(hostname)), { hostname });
    const two = onAt("127.0.0.2");
    const three = onAt("127.0.0.3");
    // A rebinding resolver: allowed answer first, then a blocked one for anyone who asks again.
    const dns = fakeResolver({ "flip.test": (n) => [n === 1 ? "127.0.0.2" : "127.0.0.3"] });
    const policy = { ...POLICY, allowCidrs: ["127.0.0.2/32"] };
    const send = createSender({ policy, transport: guard.transport, resolver: dns.resolve });
    const first = await send(req(`http://flip.test:${two.port}/`));
    expect(first).toMatchObject({ status: 200, body: "127.0.0.2", remoteAddress: "127.0.0.2" });
    expect(dns.calls).toHaveLength(1);
    const second = await send(req(`http://flip.test:${three.port}/`));
    expect(second.errorClass).toBe("blocked");
    expect(seen).toEqual(["127.0.0.2"]);
  });

  test("resolver errors, empty answers and garbage fail closed", async () => {
    const dns = fakeResolver({ "empty.test": [], "junk.test": ["not-an-ip"], "fail.test": new Error("SERVFAIL") });
    const send = createSender({ policy: { ...POLICY, allowPrivate: true }, transport: guard.transport, resolver: dns.resolve });
    expect((await send(req("http://empty.test/"))).errorClass).toBe("dns");
    expect((await send(req("http://fail.test/"))).errorClass).toBe("dns");
    expect((await send(req("http://unknown.test/"))).errorClass).toBe("dns");
    expect((await send(req("http://junk.test/"))).errorClass).toBe("blocked");
    expect(guard.calls).toHaveLength(0);
  });

  test("a resolver that never answers is cut off by the request deadline", async () => {
    const send = createSender({ policy: POLICY, transport: guard.transport, resolver: () => new Promise(() => {}) });
    const r = await send(req("http://hang.test/", { timeoutMs: 100 }));
    expect(r).toMatchObject({ errorClass: "timeout", error: "timed out after 100 ms resolving the host" });
  });
});

describe("operator overrides", () => {
  test("allowPrivate lets loopback and resolver-returned private answers through", async () => {
    const dns = fakeResolver({ "lan.test": ["127.0.0.1"] });
    const send = createSender({ policy: { allowPrivate: true, allowCidrs: [], httpsOnly: false }, transport: guard.transport, resolver: dns.resolve });
    expect((await send(req(`http://127.0.0.1:${port}/`))).status).toBe(200);
    expect((await send(req(`http://lan.test:${port}/`))).status).toBe(200);
  });

  test("without an allowCidrs entry the loopback receiver itself is refused", async () => {
    const send = createSender({ policy: DENY, transport: guard.transport });
    expect((await send(req(`http://127.0.0.1:${port}/`))).errorClass).toBe("blocked");
    expect(hits).toBe(0);
  });

  test("httpsOnly refuses http:// even to an allowed address", async () => {
    const send = createSender({ policy: { ...POLICY, httpsOnly: true }, transport: guard.transport });
    const r = await send(req(`http://127.0.0.1:${port}/`));
    expect(r).toMatchObject({ errorClass: "blocked", error: "plain http destinations are disabled" });
    expect(guard.calls).toHaveLength(0);
  });

  test("bad URLs are invalid_url and never reach the transport", async () => {
    const send = createSender({ policy: POLICY, transport: guard.transport });
    for (const url of ["not a url", "ftp://127.0.0.1/", "http://u:p@127.0.0.1/", "file:///etc/passwd"]) {
      expect((await send(req(url))).errorClass).toBe("invalid_url");
    }
    expect(guard.calls).toHaveLength(0);
  });
});
