// Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`, hex HMAC-SHA256 keyed with the whole
// `whsec_…` string (unlike Standard Webhooks, Stripe does not base64-decode it) over `t + "." + body`.
// Several v1 entries appear while a secret is rolled; v0 (test-mode legacy) is ignored as stripe-node does.
import { parseTimestamp } from "../crypto-utils.ts";
import { DEFAULT_TOLERANCE_SEC, MISMATCH, OK, fail, hmacMatches, missingHeader, parsePairs, timestampProblem } from "./common.ts";
import { SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";

type StripeConfig = { secret: string };

export const stripe = defineVerifier<StripeConfig>({
  type: "stripe",
  secretFields: ["secret"],
  fields: { secret: SECRET_FIELD },
  verify(req, { secret }, nowMs) {
    const header = req.headers.get("Stripe-Signature");
    if (header === null) return missingHeader("Stripe-Signature");
    const pairs = parsePairs(header);
    const stamps = pairs?.get("t") ?? [];
    const signatures = pairs?.get("v1") ?? [];
    if (stamps.length !== 1) return fail("malformed Stripe-Signature header: expected exactly one t=");
    if (signatures.length === 0) return fail("malformed Stripe-Signature header: no v1 signature");
    const timestamp = parseTimestamp(stamps[0]);
    if (timestamp === null) return fail("malformed Stripe-Signature header: t= is not a unix timestamp");
    const stale = timestampProblem(timestamp * 1000, nowMs, DEFAULT_TOLERANCE_SEC);
    if (stale) return stale;
    const ok = hmacMatches({
      algorithm: "sha256",
      encoding: "hex",
      key: secret,
      content: [`${stamps[0]}.`, req.rawBody],
      candidates: signatures,
    });
    return ok ? OK : MISMATCH;
  },
});
