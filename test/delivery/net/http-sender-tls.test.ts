/**
 * TLS with pinning: we dial 127.0.0.1 but the certificate must be verified against the
 * name in the URL (tls.serverName). Uses a throwaway self-signed cert made with openssl.
 */
import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createSender, type DestinationPolicy, type SendRequest } from "../../../src/delivery/net/index.ts";
import { fakeResolver } from "./helpers/fake-resolver.ts";
import { loopbackGuard, type Guard } from "./helpers/loopback-guard.ts";
import { Receivers } from "./helpers/receivers.ts";
import { selfSignedCert } from "./helpers/self-signed.ts";

const POLICY: DestinationPolicy = { allowPrivate: false, allowCidrs: ["127.0.0.1/32"], httpsOnly: true };
const dns = fakeResolver({ "relay.test": ["127.0.0.1"], "other.test": ["127.0.0.1"] });
const req = (url: string): SendRequest => ({ url, headers: {}, body: "{}", timeoutMs: 3000, maxResponseBytes: 4096 });
const cert = selfSignedCert("relay.test");
const receivers = new Receivers();
let guards: Guard[] = [];
const guarded = (ca?: string) => {
  const g = loopbackGuard({ ca });
  guards.push(g);
  return createSender({ policy: POLICY, resolver: dns.resolve, transport: g.transport });
};

beforeEach(() => (guards = []));
afterEach(() => {
  for (const g of guards) expect(g.violations).toEqual([]);
});
afterAll(() => receivers.stopAll());

describe.skipIf(!cert)("createSender over TLS", () => {
  const server = cert ? receivers.http((r) => new Response(`host=${r.headers.get("host")}`), { tls: cert }) : null;
  const port = server?.port ?? 0;

  test("an untrusted self-signed certificate is a tls error", async () => {
    const r = await guarded()(req(`https://relay.test:${port}/`));
    expect(r).toMatchObject({ status: null, errorClass: "tls", remoteAddress: "127.0.0.1" });
    expect(r.error).toContain("self signed");
  });

  test("with the CA trusted, the pinned request verifies the cert against the URL's name", async () => {
    const r = await guarded(cert!.cert)(req(`https://relay.test:${port}/hook`));
    expect(r).toMatchObject({ status: 200, errorClass: null, body: `host=relay.test:${port}` });
    const call = guards[0].calls[0];
    expect(call.url).toBe(`https://127.0.0.1:${port}/hook`);
    expect(call.init.tls).toEqual({ serverName: "relay.test" });
  });

  test("a name the certificate does not cover fails even though the IP is the same", async () => {
    const r = await guarded(cert!.cert)(req(`https://other.test:${port}/`));
    expect(r.errorClass).toBe("tls");
    expect(r.error).toContain("ALTNAME");
  });

  test("an https IP literal is verified against the IP (no serverName), so this cert fails", async () => {
    const r = await guarded(cert!.cert)(req(`https://127.0.0.1:${port}/`));
    expect(r.errorClass).toBe("tls");
    expect(guards[0].calls[0].init.tls).toBeUndefined();
  });
});
