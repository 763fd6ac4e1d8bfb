// Property tests: no input can make a verifier throw, and every scheme round-trips arbitrary bodies.
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { getVerifier, listVerifierTypes } from "../../src/signing/index.ts";
import { INTERNAL_ERROR_REASON } from "../../src/signing/verifiers/define.ts";
import { NOW_MS, makeRequest } from "./helpers.ts";
import { CASES } from "./verifier-cases.ts";

const HEADER_NAMES = [
  "Authorization", "Stripe-Signature", "Tailscale-Webhook-Signature", "X-Hmac-Signature", "X-Hub-Signature",
  "X-Hub-Signature-256", "X-HubSpot-Request-Timestamp", "X-HubSpot-Signature", "X-HubSpot-Signature-Version",
  "X-HubSpot-Signature-v3", "X-Nango-Hmac-Sha256", "X-Rutter-Signature", "X-Shopify-Hmac-Sha256", "X-Signature",
  "X-Slack-Request-Timestamp", "X-Slack-Signature", "host", "signature", "telnyx-signature-ed25519", "telnyx-timestamp",
  "vrf-hmac-signature", "x-forwarded-host", "x-forwarded-proto", "x-hmac-signature", "x-openclaw-token",
  "x-port-signature", "x-port-timestamp", "x-timestamp", "x-vapi-secret", "x-vapi-signature", "x-zm-request-timestamp",
  "x-zm-signature", "webhook-id", "webhook-timestamp", "webhook-signature", "svix-id", "svix-timestamp",
  "svix-signature", "X-DocuSign-Signature-1", "X-API-Key", "X-Timestamp",
];

// Fragments that reach deep into the parsers (prefixes, separators, numbers) rather than failing at the first check.
const fragment = fc.oneof(
  fc.constantFrom("t=", "v1=", "v0=", "v1,", "sha256=", "sha1=", "hmac-sha256-hex=", "nonce=", "signature=", "Basic ", "Bearer ", ",", " ", ";", "="),
  fc.integer({ min: -1, max: 2 ** 53 }).map(String),
  fc.uint8Array({ maxLength: 70 }).map((b) => Buffer.from(b).toString("base64")),
  fc.uint8Array({ maxLength: 70 }).map((b) => Buffer.from(b).toString("hex")),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
);
const headerValue = fc.array(fragment, { maxLength: 8 }).map((parts) => parts.join(""));
const headers = fc.dictionary(
  fc.oneof(fc.constantFrom(...HEADER_NAMES), fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/)),
  headerValue,
  { maxKeys: 8 },
);
const body = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.constantFrom(
    '{"type":"url_verification","challenge":"c"}',
    '{"event":"endpoint.url_validation","payload":{"plainToken":"p"}}',
    '{"event":"endpoint.url_validation","payload":"p"}',
    "[]",
    "null",
  ).map((s) => new TextEncoder().encode(s)),
);
const validConfigs = CASES.flatMap((c) => [c.config, c.otherConfig]);
const config = fc.oneof(
  fc.constantFrom(...validConfigs),
  fc.anything(),
  fc.dictionary(fc.constantFrom("secret", "publicKey", "header", "template", "timestampHeader", "key", "username", "password", "verifyToken", "timestampGraceSeconds"), fc.anything()),
);
const now = fc.oneof(fc.constant(NOW_MS), fc.integer(), fc.double());
const query = fc.dictionary(fc.constantFrom("signature", "hub.mode", "hub.verify_token", "hub.challenge", "api_key"), headerValue, { maxKeys: 4 });
const method = fc.constantFrom("GET", "POST", "PUT", "get", "");

describe("verifier robustness", () => {
  test("no verifier throws or fails internally for random headers, bodies, configs and clocks", () => {
    fc.assert(
      fc.property(fc.constantFrom(...listVerifierTypes()), headers, body, config, now, query, method, (type, hdrs, raw, cfg, nowMs, q, m) => {
        const verifier = getVerifier(type)!;
        const req = makeRequest({ method: m, headers: hdrs, query: q, body: raw });
        const result = verifier.verify(req, cfg as Record<string, unknown>, nowMs);
        if (!result.ok) {
          expect(result.reason.length).toBeGreaterThan(0);
          expect(result.reason).not.toContain(INTERNAL_ERROR_REASON);
        }
        const answer = verifier.handshake?.(req, cfg as Record<string, unknown>, nowMs) ?? null;
        if (answer) expect(typeof answer.body).toBe("string");
        const parsed = verifier.validateConfig(cfg);
        if (!parsed.ok) expect(parsed.message).not.toBe("could not be read");
      }),
      { numRuns: 3000 },
    );
  });

  test("no verifier accepts a random request unless it is unauthenticated by configuration", () => {
    fc.assert(
      fc.property(fc.constantFrom(...CASES), headers, body, (c, hdrs, raw) => {
        const result = getVerifier(c.type)!.verify(makeRequest({ headers: hdrs, body: raw }), c.config, NOW_MS);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("signature round trips", () => {
  // minLength 1: @octokit/webhooks-methods refuses to sign an empty payload.
  test("every signed scheme verifies a correctly signed request for arbitrary Unicode bodies", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CASES), fc.string({ unit: "binary", minLength: 1, maxLength: 200 }), async (c, text) => {
        const signed = await c.sign(text, NOW_MS, c.config);
        expect(getVerifier(c.type)!.verify(makeRequest({ ...signed, body: text }), c.config, NOW_MS)).toEqual({ ok: true });
      }),
      { numRuns: 500 },
    );
  });
});
