// Shopify: `X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256(app client secret, body)>`, no timestamp;
// `X-Shopify-Webhook-Id` is the replay/dedup handle, left to the ingest layer.
import { MISMATCH, OK, hmacMatches, missingHeader } from "./common.ts";
import { SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";

type ShopifyConfig = { secret: string };

export const shopify = defineVerifier<ShopifyConfig>({
  type: "shopify",
  secretFields: ["secret"],
  fields: { secret: SECRET_FIELD },
  verify(req, { secret }) {
    const signature = req.headers.get("X-Shopify-Hmac-Sha256");
    if (signature === null) return missingHeader("X-Shopify-Hmac-Sha256");
    const ok = hmacMatches({
      algorithm: "sha256",
      encoding: "base64",
      key: secret,
      content: [req.rawBody],
      candidates: [signature.trim()],
    });
    return ok ? OK : MISMATCH;
  },
});
