// Real provider signatures made by the providers' own libraries, end to end through the ingest URL.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import Stripe from "stripe";
import { sign as githubSign } from "@octokit/webhooks-methods";
import { Webhook } from "standardwebhooks";
import { createTestApp, type TestApp } from "../../helpers/test-app";
import { captured, makeSource, requestLog } from "./helpers";

let t: TestApp;
let nowSec: number;
beforeAll(async () => { t = await createTestApp(); nowSec = Math.floor(t.clock.now() / 1000); });
afterAll(() => t.close());

const stripe = new Stripe("sk_test_unused");
const STRIPE_SECRET = "whsec_test_stripe_secret";
const event = JSON.stringify({ id: "evt_1", type: "payment_intent.succeeded", data: { object: { amount: 4200 } } });

describe("ingest verification with real provider signatures", () => {
  test("a Stripe-signed event is accepted, captured byte-exact and shown as accepted", async () => {
    const s = await makeSource(t, { type: "stripe", config: { secret: STRIPE_SECRET } });
    const header = await stripe.webhooks.generateTestHeaderStringAsync({ payload: event, secret: STRIPE_SECRET, timestamp: nowSec });
    const r = await fetch(s.ingestUrl, { method: "POST", body: event, headers: { "content-type": "application/json", "stripe-signature": header } });
    expect(r.status).toBe(200);
    const { id, status } = await r.json();
    expect(status).toBe("accepted");
    expect(r.headers.get("x-hookrelay-request-id")).toBe(id);
    const c = await captured(t, s.id, id);
    expect(c).toMatchObject({ status: "accepted", reason: null, body: event, bodyEncoding: "utf8", eventType: "payment_intent.succeeded", method: "POST", ip: "127.0.0.1" });
    expect(c.headers).toContainEqual(["stripe-signature", header]);
  });

  test("a tampered Stripe body gets 401 and is recorded as rejected with its reason", async () => {
    const s = await makeSource(t, { type: "stripe", config: { secret: STRIPE_SECRET } });
    const header = await stripe.webhooks.generateTestHeaderStringAsync({ payload: event, secret: STRIPE_SECRET, timestamp: nowSec });
    const tampered = event.replace("4200", "1");
    const r = await fetch(s.ingestUrl, { method: "POST", body: tampered, headers: { "stripe-signature": header } });
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ code: "verification_failed", detail: "signature mismatch" });
    const [logged] = await requestLog(t, s.id);
    expect(logged).toMatchObject({ status: "rejected", reason: "signature mismatch" });
    expect((await captured(t, s.id, logged.id)).body).toBe(tampered);
  });

  test("Stripe signatures from a wrong secret, too old or from the future are rejected", async () => {
    const s = await makeSource(t, { type: "stripe", config: { secret: STRIPE_SECRET } });
    const send = (header: string) => fetch(s.ingestUrl, { method: "POST", body: event, headers: { "stripe-signature": header } });
    expect((await send(await stripe.webhooks.generateTestHeaderStringAsync({ payload: event, secret: "whsec_other", timestamp: nowSec }))).status).toBe(401);
    expect((await send(await stripe.webhooks.generateTestHeaderStringAsync({ payload: event, secret: STRIPE_SECRET, timestamp: nowSec - 301 }))).status).toBe(401);
    expect((await send(await stripe.webhooks.generateTestHeaderStringAsync({ payload: event, secret: STRIPE_SECRET, timestamp: nowSec + 301 }))).status).toBe(401);
    const reasons = (await requestLog(t, s.id)).map((x) => x.reason);
    expect(reasons).toEqual(["timestamp is outside the 300s tolerance", "timestamp is outside the 300s tolerance", "signature mismatch"]);
  });

  test("a GitHub delivery signed by @octokit/webhooks-methods is accepted; a wrong secret is not", async () => {
    const s = await makeSource(t, { type: "github", config: { secret: "gh-secret" } });
    const body = JSON.stringify({ ref: "refs/heads/main", zen: "Keep it logically awesome." });
    const send = async (secret: string) => fetch(s.ingestUrl + "/hooks/github", {
      method: "POST", body, headers: { "content-type": "application/json", "x-github-event": "push", "x-hub-signature-256": await githubSign(secret, body) },
    });
    const ok = await send("gh-secret");
    expect(ok.status).toBe(200);
    const c = await captured(t, s.id, (await ok.json()).id);
    expect(c).toMatchObject({ eventType: "push", path: "/hooks/github", body });
    expect((await send("not-the-secret")).status).toBe(401);
  });

  test("a Standard Webhooks (svix) signature made by the standardwebhooks library is accepted", async () => {
    const secret = "whsec_" + Buffer.alloc(32, 3).toString("base64");
    const s = await makeSource(t, { type: "svix", config: { secret } });
    const body = JSON.stringify({ type: "user.created", data: { id: "u1" } });
    const headers = new Webhook(secret).sign("msg_abc", new Date(t.clock.now()), body);
    const r = await fetch(s.ingestUrl, { method: "POST", body, headers: { "content-type": "application/json", "webhook-id": "msg_abc", "webhook-timestamp": String(nowSec), "webhook-signature": headers } });
    expect(r.status).toBe(200);
    expect((await captured(t, s.id, (await r.json()).id)).eventType).toBe("user.created");
    const forged = await fetch(s.ingestUrl, { method: "POST", body: body + " ", headers: { "webhook-id": "msg_abc", "webhook-timestamp": String(nowSec), "webhook-signature": headers } });
    expect(forged.status).toBe(401);
  });

  test("Slack's signed url_verification is answered with the challenge and not captured", async () => {
    const s = await makeSource(t, { type: "slack", config: { secret: "slack-secret" } });
    const slackSig = (body: string) => "v0=" + createHmac("sha256", "slack-secret").update(`v0:${nowSec}:${body}`).digest("hex");
    const body = JSON.stringify({ type: "url_verification", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", token: "x" });
    const r = await fetch(s.ingestUrl, { method: "POST", body, headers: { "content-type": "application/json", "x-slack-signature": slackSig(body), "x-slack-request-timestamp": String(nowSec) } });
    expect(r.status).toBe(200);
    expect(await r.text()).toBe("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    expect(await requestLog(t, s.id)).toEqual([]);
    const cb = JSON.stringify({ type: "event_callback", event: { type: "app_mention" } });
    const ev = await fetch(s.ingestUrl, { method: "POST", body: cb, headers: { "x-slack-signature": slackSig(cb), "x-slack-request-timestamp": String(nowSec) } });
    expect(ev.status).toBe(200);
    expect((await requestLog(t, s.id))[0]).toMatchObject({ status: "accepted", eventType: "app_mention" });
  });
});

describe("ingest URL contract", () => {
  test("any method, sub-path, query and content type is captured byte for byte", async () => {
    const s = await makeSource(t, { type: "generic-webhook" });
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 255, 10, 13]);
    const r = await fetch(s.ingestUrl + "/deep/path.xml?a=1&b=%20x", { method: "PUT", body: bytes, headers: { "content-type": "application/octet-stream", "x-custom": "yes" } });
    expect(r.status).toBe(200);
    const c = await captured(t, s.id, (await r.json()).id);
    expect(c).toMatchObject({ method: "PUT", path: "/deep/path.xml", query: "a=1&b=%20x", contentType: "application/octet-stream", bodyEncoding: "base64", bodySize: 8 });
    expect([...Buffer.from(c.body, "base64")]).toEqual([...bytes]);
    const del = await fetch(s.ingestUrl, { method: "DELETE" });
    expect(del.status).toBe(200);
    expect((await captured(t, s.id, (await del.json()).id)).method).toBe("DELETE");
  });

  test("a source's configured response status, body and content type are sent", async () => {
    const s = await makeSource(t, { type: "generic-webhook", response: { status: 202, body: "<ok/>", contentType: "application/xml" } });
    const r = await fetch(s.ingestUrl, { method: "POST", body: "x" });
    expect(r.status).toBe(202);
    expect(r.headers.get("content-type")).toBe("application/xml");
    expect(await r.text()).toBe("<ok/>");
  });

  test("an unknown token gets 404", async () => {
    expect((await fetch(`${t.url}/in/not-a-token`, { method: "POST", body: "{}" })).status).toBe(404);
  });

  test("a sender outside the IP allow-list gets 403 and is recorded as rejected", async () => {
    const allowed = await makeSource(t, { type: "generic-webhook", ipAllowlist: ["127.0.0.0/8"] });
    expect((await fetch(allowed.ingestUrl, { method: "POST", body: "{}" })).status).toBe(200);
    const denied = await makeSource(t, { type: "generic-webhook", ipAllowlist: ["10.0.0.0/8", "2001:db8::/32"] });
    const r = await fetch(denied.ingestUrl, { method: "POST", body: "{}", headers: { "x-forwarded-for": "10.1.2.3" } });
    expect(r.status).toBe(403);
    expect((await requestLog(t, denied.id))[0]).toMatchObject({ status: "rejected", reason: "sender address 127.0.0.1 is not in the source's IP allow-list" });
  });
});

describe("trusted proxies", () => {
  test("X-Forwarded-For decides the sender only when the peer is a trusted proxy", async () => {
    const behind = await createTestApp({ flags: { "trusted-proxy": ["127.0.0.1/32"] } });
    try {
      const s = await makeSource(behind, { type: "generic-webhook", ipAllowlist: ["203.0.113.0/24"] });
      const r = await fetch(s.ingestUrl, { method: "POST", body: "{}", headers: { "x-forwarded-for": "198.51.100.7, 203.0.113.9" } });
      expect(r.status).toBe(200);
      expect((await requestLog(behind, s.id))[0].ip).toBe("203.0.113.9");
    } finally { await behind.close(); }
  });
});
