import { describe, expect, test } from "bun:test";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { generateSecret, signPayload, verifyStandardWebhook } from "../../src/signing/index.ts";
import { NOW_MS, NOW_SEC, SAMPLE_BODY, SIX_MINUTES_MS, TAMPERED_BODY } from "./helpers.ts";

// Example published in the Svix docs (docs.svix.com "Verifying payloads").
const DOC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const DOC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const DOC_TIMESTAMP = 1614265330;
const DOC_BODY = '{"test": 2432232314}';
const DOC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

function headers(id: string, timestampSec: number, signature: string, prefix = "webhook"): Headers {
  return new Headers({ [`${prefix}-id`]: id, [`${prefix}-timestamp`]: String(timestampSec), [`${prefix}-signature`]: signature });
}

describe("generateSecret", () => {
  test("generateSecret() returns whsec_ plus base64 of 32 random bytes", () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
  });

  test("generateSecret() returns a different secret on every call", () => {
    expect(new Set(Array.from({ length: 20 }, generateSecret)).size).toBe(20);
  });
});

describe("signPayload", () => {
  test("signPayload() reproduces the signature published in the Svix docs", () => {
    expect(signPayload({ secrets: [DOC_SECRET], msgId: DOC_ID, timestampSec: DOC_TIMESTAMP, body: DOC_BODY })).toBe(DOC_SIGNATURE);
  });

  test("signPayload() output is accepted by the standardwebhooks package", () => {
    const secret = generateSecret();
    const signature = signPayload({ secrets: [secret], msgId: "msg_1", timestampSec: Math.floor(Date.now() / 1000), body: SAMPLE_BODY });
    const wh = new StandardWebhook(secret);
    const now = Math.floor(Date.now() / 1000);
    expect(wh.verify(SAMPLE_BODY, { "webhook-id": "msg_1", "webhook-timestamp": String(now), "webhook-signature": signature })).toBeDefined();
  });

  test("signPayload() output is accepted by svix's Webhook class with svix-* headers", () => {
    const secret = generateSecret();
    const now = Math.floor(Date.now() / 1000);
    const signature = signPayload({ secrets: [secret], msgId: "msg_2", timestampSec: now, body: SAMPLE_BODY });
    const wh = new SvixWebhook(secret);
    expect(wh.verify(SAMPLE_BODY, { "svix-id": "msg_2", "svix-timestamp": String(now), "svix-signature": signature })).toBeDefined();
  });

  test("signPayload() signs bytes and the equal UTF-8 string identically", () => {
    const secret = generateSecret();
    const common = { secrets: [secret], msgId: "msg_3", timestampSec: NOW_SEC };
    expect(signPayload({ ...common, body: new TextEncoder().encode(SAMPLE_BODY) })).toBe(signPayload({ ...common, body: SAMPLE_BODY }));
  });

  test("signPayload() emits one space-separated v1 entry per secret so rotation keeps receivers working", () => {
    const [oldSecret, newSecret] = [generateSecret(), generateSecret()];
    const now = Math.floor(Date.now() / 1000);
    const signature = signPayload({ secrets: [oldSecret, newSecret], msgId: "msg_4", timestampSec: now, body: SAMPLE_BODY });
    expect(signature.split(" ")).toHaveLength(2);
    const hdrs = { "webhook-id": "msg_4", "webhook-timestamp": String(now), "webhook-signature": signature };
    expect(new StandardWebhook(oldSecret).verify(SAMPLE_BODY, hdrs)).toBeDefined();
    expect(new StandardWebhook(newSecret).verify(SAMPLE_BODY, hdrs)).toBeDefined();
  });

  test("signPayload() throws on a secret that is not base64, an id containing '.', or no secrets", () => {
    expect(() => signPayload({ secrets: ["whsec_!!!"], msgId: "m", timestampSec: 1, body: "" })).toThrow();
    expect(() => signPayload({ secrets: [generateSecret()], msgId: "a.b", timestampSec: 1, body: "" })).toThrow();
    expect(() => signPayload({ secrets: [], msgId: "m", timestampSec: 1, body: "" })).toThrow();
  });
});

describe("verifyStandardWebhook", () => {
  test("verifyStandardWebhook() accepts a signature made by the standardwebhooks package", () => {
    const secret = generateSecret();
    const signature = new StandardWebhook(secret).sign("msg_5", new Date(NOW_MS), SAMPLE_BODY);
    const result = verifyStandardWebhook({ secrets: secret, headers: headers("msg_5", NOW_SEC, signature), body: SAMPLE_BODY, nowMs: NOW_MS });
    expect(result).toEqual({ ok: true });
  });

  test("verifyStandardWebhook() accepts a signature made by svix's Webhook class under svix-* headers", () => {
    const secret = generateSecret();
    const signature = new SvixWebhook(secret).sign("msg_6", new Date(NOW_MS), SAMPLE_BODY);
    const result = verifyStandardWebhook({ secrets: secret, headers: headers("msg_6", NOW_SEC, signature, "svix"), body: SAMPLE_BODY, nowMs: NOW_MS });
    expect(result).toEqual({ ok: true });
  });

  test("verifyStandardWebhook() accepts the Svix docs example at its own timestamp", () => {
    const result = verifyStandardWebhook({
      secrets: DOC_SECRET,
      headers: headers(DOC_ID, DOC_TIMESTAMP, DOC_SIGNATURE),
      body: DOC_BODY,
      nowMs: DOC_TIMESTAMP * 1000,
    });
    expect(result.ok).toBe(true);
  });

  test("verifyStandardWebhook() accepts when any of several secrets matches", () => {
    const secret = generateSecret();
    const signature = signPayload({ secrets: [secret], msgId: "m", timestampSec: NOW_SEC, body: SAMPLE_BODY });
    const result = verifyStandardWebhook({ secrets: [generateSecret(), secret], headers: headers("m", NOW_SEC, signature), body: SAMPLE_BODY, nowMs: NOW_MS });
    expect(result.ok).toBe(true);
  });

  test("verifyStandardWebhook() finds the v1 entry among other schemes in the list", () => {
    const secret = generateSecret();
    const signature = signPayload({ secrets: [secret], msgId: "m", timestampSec: NOW_SEC, body: SAMPLE_BODY });
    const list = `v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg== ${signature}`;
    expect(verifyStandardWebhook({ secrets: secret, headers: headers("m", NOW_SEC, list), body: SAMPLE_BODY, nowMs: NOW_MS }).ok).toBe(true);
  });

  test("verifyStandardWebhook() rejects a tampered body", () => {
    const secret = generateSecret();
    const signature = signPayload({ secrets: [secret], msgId: "m", timestampSec: NOW_SEC, body: SAMPLE_BODY });
    const result = verifyStandardWebhook({ secrets: secret, headers: headers("m", NOW_SEC, signature), body: TAMPERED_BODY, nowMs: NOW_MS });
    expect(result).toEqual({ ok: false, reason: "signature mismatch" });
  });

  test("verifyStandardWebhook() rejects a signature made with another secret", () => {
    const signature = signPayload({ secrets: [generateSecret()], msgId: "m", timestampSec: NOW_SEC, body: SAMPLE_BODY });
    const result = verifyStandardWebhook({ secrets: generateSecret(), headers: headers("m", NOW_SEC, signature), body: SAMPLE_BODY, nowMs: NOW_MS });
    expect(result.ok).toBe(false);
  });

  test("verifyStandardWebhook() rejects a timestamp older than the five-minute tolerance", () => {
    const secret = generateSecret();
    const old = NOW_SEC - 301;
    const signature = signPayload({ secrets: [secret], msgId: "m", timestampSec: old, body: SAMPLE_BODY });
    const result = verifyStandardWebhook({ secrets: secret, headers: headers("m", old, signature), body: SAMPLE_BODY, nowMs: NOW_MS });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain("tolerance");
  });

  test("verifyStandardWebhook() rejects a timestamp more than five minutes in the future", () => {
    const secret = generateSecret();
    const future = (NOW_MS + SIX_MINUTES_MS) / 1000;
    const signature = signPayload({ secrets: [secret], msgId: "m", timestampSec: future, body: SAMPLE_BODY });
    expect(verifyStandardWebhook({ secrets: secret, headers: headers("m", future, signature), body: SAMPLE_BODY, nowMs: NOW_MS }).ok).toBe(false);
  });

  test("verifyStandardWebhook() accepts a timestamp exactly at the tolerance edge", () => {
    const secret = generateSecret();
    const edge = NOW_SEC - 300;
    const signature = signPayload({ secrets: [secret], msgId: "m", timestampSec: edge, body: SAMPLE_BODY });
    expect(verifyStandardWebhook({ secrets: secret, headers: headers("m", edge, signature), body: SAMPLE_BODY, nowMs: NOW_MS }).ok).toBe(true);
  });

  test("verifyStandardWebhook() reports malformed or missing headers instead of throwing", () => {
    const secret = generateSecret();
    const cases: Headers[] = [
      new Headers(),
      new Headers({ "webhook-id": "m", "webhook-timestamp": "soon", "webhook-signature": "v1,abc" }),
      new Headers({ "webhook-id": "m", "webhook-timestamp": String(NOW_SEC), "webhook-signature": "garbage" }),
      new Headers({ "webhook-id": "m", "webhook-timestamp": "-1", "webhook-signature": "v1,abc" }),
    ];
    for (const hdrs of cases) {
      const result = verifyStandardWebhook({ secrets: secret, headers: hdrs, body: SAMPLE_BODY, nowMs: NOW_MS });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/missing|malformed/);
    }
  });

  test("verifyStandardWebhook() reports an undecodable secret instead of throwing", () => {
    const result = verifyStandardWebhook({ secrets: "whsec_***", headers: headers("m", NOW_SEC, "v1,abc"), body: "", nowMs: NOW_MS });
    expect(result).toEqual({ ok: false, reason: "secret is not valid whsec_ base64" });
  });
});
