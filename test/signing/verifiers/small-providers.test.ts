// Quirks of providers whose main behaviour is covered by the shared suite.
import { describe, expect, test } from "bun:test";
import { getVerifier } from "../../../src/signing/index.ts";
import { NOW_MS, SAMPLE_BODY, hmacB64, hmacHex, makeRequest } from "../helpers.ts";

const check = (type: string, config: Record<string, unknown>, headers: Record<string, string>, body = SAMPLE_BODY) =>
  getVerifier(type)!.verify(makeRequest({ headers, body }), config, NOW_MS);

describe("provider quirks", () => {
  test("easypost verifier NFKD-normalises a non-ASCII secret like EasyPost's client libraries", () => {
    const secret = "ﬁnance-secret"; // starts with the U+FB01 ligature, which NFKD turns into "fi"
    const signature = `hmac-sha256-hex=${hmacHex("sha256", "finance-secret", SAMPLE_BODY)}`;
    expect(check("easypost", { secret }, { "X-Hmac-Signature": signature })).toEqual({ ok: true });
  });

  test("docusign verifier accepts a match in any X-DocuSign-Signature-N header", () => {
    const headers = { "X-DocuSign-Signature-1": hmacB64("sha256", "old-key", SAMPLE_BODY), "X-DocuSign-Signature-2": hmacB64("sha256", "new-key", SAMPLE_BODY) };
    expect(check("docusign", { secret: "new-key" }, headers)).toEqual({ ok: true });
  });

  test("vapi verifier accepts the x-vapi-secret header, a Bearer token, and a base64 HMAC", () => {
    expect(check("vapi", { secret: "vs" }, { "x-vapi-secret": "vs" })).toEqual({ ok: true });
    expect(check("vapi", { secret: "vs" }, { Authorization: "Bearer vs" })).toEqual({ ok: true });
    expect(check("vapi", { secret: "vs" }, { "x-vapi-signature": hmacB64("sha256", "vs", SAMPLE_BODY) })).toEqual({ ok: true });
    expect(check("vapi", { secret: "vs" }, { "x-vapi-secret": "nope" }).ok).toBe(false);
  });

  test("veriff verifier also reads the newer vrf-hmac-signature header", () => {
    expect(check("veriff", { secret: "k" }, { "vrf-hmac-signature": hmacHex("sha256", "k", SAMPLE_BODY) })).toEqual({ ok: true });
  });

  test("openclaw verifier accepts the token as a Bearer Authorization header", () => {
    expect(check("openclaw", { secret: "tok" }, { Authorization: "Bearer tok" })).toEqual({ ok: true });
    expect(check("openclaw", { secret: "tok" }, { Authorization: "Bearer tok2" }).ok).toBe(false);
  });

  test("nango verifier refuses the legacy X-Nango-Signature header on its own", () => {
    expect(check("nango", { secret: "k" }, { "X-Nango-Signature": "00" })).toEqual({ ok: false, reason: "missing X-Nango-Hmac-Sha256 header" });
  });

  test("segment, docusign, easypost and hubspot accept every request when no secret is configured", () => {
    for (const type of ["segment", "docusign", "easypost", "hubspot"]) expect(check(type, {}, {})).toEqual({ ok: true });
  });

  test("generic-webhook verifier accepts any request with no config", () => {
    expect(getVerifier("generic-webhook")!.validateConfig(undefined)).toEqual({ ok: true, config: {} });
    expect(check("generic-webhook", {}, { "X-Anything": "1" }, "")).toEqual({ ok: true });
  });

  test("svix-family verifiers reject a secret that is not whsec_ base64 at config time", () => {
    for (const type of ["svix", "clerk", "resend", "open-ai"]) {
      expect(getVerifier(type)!.validateConfig({ secret: "whsec_not base64!" })).toMatchObject({ ok: false, field: "secret" });
    }
  });
});
