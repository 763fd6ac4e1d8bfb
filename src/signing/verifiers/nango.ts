// Nango: `X-Nango-Hmac-Sha256: <hex HMAC-SHA256(environment secret key, body)>`. The legacy
// `X-Nango-Signature` (plain SHA-256 of secret + body) is deliberately not accepted: a bare hash with a
// secret prefix is open to length extension, and Nango sends the HMAC header on every request since 2025-12.
import { MISMATCH, OK, hmacMatches, missingHeader } from "./common.ts";
import { SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";

type NangoConfig = { secret: string };

export const nango = defineVerifier<NangoConfig>({
  type: "nango",
  secretFields: ["secret"],
  fields: { secret: SECRET_FIELD },
  verify(req, { secret }) {
    const signature = req.headers.get("X-Nango-Hmac-Sha256");
    if (signature === null) return missingHeader("X-Nango-Hmac-Sha256");
    const ok = hmacMatches({ algorithm: "sha256", encoding: "hex", key: secret, content: [req.rawBody], candidates: [signature.trim()] });
    return ok ? OK : MISMATCH;
  },
});
