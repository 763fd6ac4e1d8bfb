import { afterEach, describe, expect, test } from "bun:test";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { deliveryFixture, type Fixture } from "./fixture";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { generateSecret, verifyStandardWebhook } from "../../src/signing/standard-webhooks";
import { userAgent } from "../../src/build-info";

let fx: Fixture;
let rx: Receiver;
afterEach(async () => { rx?.close(); await fx?.close(); });

async function setup() {
  fx = await deliveryFixture();
  // Receivers check webhook-timestamp against the real time: start the fake clock there.
  fx.clock.set(Date.now());
  rx = startReceiver();
}

describe("Standard Webhooks signing of deliveries", () => {
  test("a delivery verifies with the standardwebhooks package and with svix's Webhook class", async () => {
    await setup();
    const ep = fx.endpoint({ url: `${rx.url}/hook`, headers: { "x-tenant": "acme" } });
    const msgId = fx.message([ep.id], { type: "invoice.paid", amount: 42 });
    await fx.run();
    const [req] = await rx.waitFor(1);
    expect(req.headers["webhook-id"]).toBe(msgId);
    expect(req.headers["webhook-timestamp"]).toBe(String(Math.floor(fx.clock.now() / 1000)));
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["user-agent"]).toBe(userAgent());
    expect(req.headers["x-tenant"]).toBe("acme");
    expect(req.body).toBe(JSON.stringify({ type: "invoice.paid", amount: 42 }));
    expect(new StandardWebhook(ep.secret).verify(req.body, req.headers)).toEqual({ type: "invoice.paid", amount: 42 });
    expect(new SvixWebhook(ep.secret).verify(req.body, req.headers)).toEqual({ type: "invoice.paid", amount: 42 });
    expect(fx.delivery(msgId, ep.id).status).toBe("success");
  });

  test("during a secret rotation every live secret signs, and each verifies on its own", async () => {
    await setup();
    const old = generateSecret();
    const expired = generateSecret();
    const ep = fx.endpoint({
      url: rx.url,
      previousSecrets: [{ secret: old, expiresAt: fx.clock.now() + 3_600_000 }, { secret: expired, expiresAt: fx.clock.now() - 1 }],
    });
    fx.message([ep.id]);
    await fx.run();
    const [req] = await rx.waitFor(1);
    const sigs = req.headers["webhook-signature"].split(" ");
    expect(sigs).toHaveLength(2);
    for (const s of sigs) expect(s.startsWith("v1,")).toBe(true);
    for (const secret of [ep.secret, old]) {
      expect(() => new StandardWebhook(secret).verify(req.body, req.headers)).not.toThrow();
      expect(() => new SvixWebhook(secret).verify(req.body, req.headers)).not.toThrow();
    }
    expect(() => new StandardWebhook(expired).verify(req.body, req.headers)).toThrow();
  });

  test("a retry keeps webhook-id and is signed with the retry's own timestamp", async () => {
    await setup();
    rx.respond(new Response("no", { status: 500 }));
    const ep = fx.endpoint({ url: rx.url });
    const msgId = fx.message([ep.id]);
    await fx.run();
    fx.engine.random = () => 0.5;
    fx.clock.advance(6_000);
    await fx.run();
    const [first, second] = await rx.waitFor(2);
    expect(first.headers["webhook-id"]).toBe(msgId);
    expect(second.headers["webhook-id"]).toBe(msgId);
    expect(Number(second.headers["webhook-timestamp"]) - Number(first.headers["webhook-timestamp"])).toBe(6);
    expect(() => new SvixWebhook(ep.secret).verify(second.body, second.headers)).not.toThrow();
  });

  test("endpoint custom headers cannot replace the signature headers or the content type", async () => {
    await setup();
    const ep = fx.endpoint({ url: rx.url, headers: { "webhook-id": "spoofed", "Content-Type": "text/plain", "X-Extra": "1" } });
    const msgId = fx.message([ep.id]);
    await fx.run();
    const [req] = await rx.waitFor(1);
    expect(req.headers["webhook-id"]).toBe(msgId);
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["x-extra"]).toBe("1");
  });
});

describe("inbound messages (relayed provider requests)", () => {
  test("are forwarded byte for byte with the provider's headers minus hop-by-hop ones, plus our signature", async () => {
    await setup();
    const sourceId = fx.source();
    const ep = fx.endpoint({ url: `${rx.url}/relay`, sourceId });
    const body = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xc3, 0xa9, 0x7d, 0x0a, 0x00, 0xff]); // not valid UTF-8 at the end
    const msgId = fx.inboundMessage(ep.id, sourceId, body, [
      ["Content-Type", "application/x-custom; charset=latin1"],
      ["Stripe-Signature", "t=1,v1=abc"],
      ["User-Agent", "Stripe/1.0"],
      ["Connection", "keep-alive"],
      ["Keep-Alive", "timeout=5"],
      ["Transfer-Encoding", "chunked"],
      ["Proxy-Authorization", "Basic eA=="],
      ["Host", "ingest.example"],
      ["Content-Length", "999"],
      ["X-Multi", "a"],
      ["X-Multi", "b"],
    ], "application/x-custom; charset=latin1");
    await fx.run();
    const [req] = await rx.waitFor(1);
    expect(Array.from(req.raw)).toEqual(Array.from(body));
    expect(req.headers["content-type"]).toBe("application/x-custom; charset=latin1");
    expect(req.headers["stripe-signature"]).toBe("t=1,v1=abc");
    expect(req.headers["user-agent"]).toBe("Stripe/1.0");
    expect(req.headers["x-multi"]).toBe("a, b");
    expect(req.headers["keep-alive"]).toBeUndefined();
    expect(req.headers["proxy-authorization"]).toBeUndefined();
    expect(req.headers["transfer-encoding"]).toBeUndefined();
    expect(req.headers["host"]).toBe(new URL(rx.url).host);
    expect(req.headers["content-length"]).toBe(String(body.length));
    expect(req.headers["webhook-id"]).toBe(msgId);
    // The svix/standardwebhooks classes decode the body as UTF-8 first, so bytes that are not UTF-8
    // are checked with our byte-exact verifier.
    expect(verifyStandardWebhook({ secrets: ep.secret, headers: new Headers(req.headers), body: req.raw, nowMs: Date.now() })).toEqual({ ok: true });
  });

  test("a UTF-8 relayed body verifies with svix's Webhook class", async () => {
    await setup();
    const sourceId = fx.source();
    const ep = fx.endpoint({ url: rx.url, sourceId });
    const text = "{\"name\": \"Zoë\",\r\n \"n\": 1}\n";
    fx.inboundMessage(ep.id, sourceId, new TextEncoder().encode(text), [["content-type", "application/json"]], "application/json");
    await fx.run();
    const [req] = await rx.waitFor(1);
    expect(req.body).toBe(text);
    expect(() => new SvixWebhook(ep.secret).verify(req.body, req.headers)).not.toThrow();
  });
});
