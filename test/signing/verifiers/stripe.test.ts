import { describe, expect, test } from "bun:test";
import Stripe from "stripe";
import { getVerifier } from "../../../src/signing/index.ts";
import { NOW_MS, NOW_SEC, SAMPLE_BODY, hmacHex, makeRequest } from "../helpers.ts";

const verifier = getVerifier("stripe")!;
const config = { secret: "whsec_current" };
const stripeClient = new Stripe("sk_test_unused");
const v1 = (secret: string) => hmacHex("sha256", secret, `${NOW_SEC}.${SAMPLE_BODY}`);
const verify = (header: string) => verifier.verify(makeRequest({ headers: { "Stripe-Signature": header }, body: SAMPLE_BODY }), config, NOW_MS);

describe("stripe verifier", () => {
  test("stripe verifier accepts a header carrying several v1 signatures when one matches (secret roll)", () => {
    expect(verify(`t=${NOW_SEC},v1=${v1("whsec_previous")},v1=${v1("whsec_current")}`)).toEqual({ ok: true });
  });

  test("stripe verifier ignores v0 test-mode signatures and unknown schemes", () => {
    expect(verify(`t=${NOW_SEC},v0=${v1("whsec_current")}`)).toEqual({ ok: false, reason: expect.stringContaining("no v1") });
    expect(verify(`t=${NOW_SEC},v1=${v1("whsec_current")},v9=zzz`)).toEqual({ ok: true });
  });

  test("stripe verifier agrees with stripe-node's own verifyHeader on a valid header", async () => {
    const header = await stripeClient.webhooks.generateTestHeaderStringAsync({ payload: SAMPLE_BODY, secret: config.secret, timestamp: NOW_SEC });
    expect(verify(header)).toEqual({ ok: true });
  });

  test("stripe verifier keys the HMAC with the whsec_ string itself, not its base64 decoding", () => {
    const decodedKey = Buffer.from("current", "base64");
    expect(verify(`t=${NOW_SEC},v1=${hmacHex("sha256", decodedKey, `${NOW_SEC}.${SAMPLE_BODY}`)}`).ok).toBe(false);
  });

  test("stripe verifier accepts a signature written in uppercase hex", () => {
    expect(verify(`t=${NOW_SEC},v1=${v1("whsec_current").toUpperCase()}`)).toEqual({ ok: true });
  });
});
