// Vapi server URLs authenticate in one of three ways, all keyed by the same secret: the legacy
// `x-vapi-secret: <secret>` header, a Bearer-token credential (`Authorization: Bearer <secret>`), or an
// HMAC credential (`x-vapi-signature: HMAC-SHA256(secret, body)`, hex or base64 depending on setup).
// The first two only authenticate the sender; the HMAC also covers the body.
import { MISMATCH, OK, fail, hmacMatches, tokenMatches } from "./common.ts";
import { SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";

type VapiConfig = { secret: string };

export const vapi = defineVerifier<VapiConfig>({
  type: "vapi",
  secretFields: ["secret"],
  fields: { secret: SECRET_FIELD },
  // The legacy and Bearer forms send the secret itself; the HMAC header is a signature and may travel on.
  credentialHeaders: () => ["x-vapi-secret", "Authorization"],
  verify(req, { secret }) {
    const signature = req.headers.get("x-vapi-signature");
    if (signature !== null) {
      const candidates = [signature.trim()];
      const hex = hmacMatches({ algorithm: "sha256", encoding: "hex", key: secret, content: [req.rawBody], candidates });
      const b64 = hmacMatches({ algorithm: "sha256", encoding: "base64", key: secret, content: [req.rawBody], candidates });
      return hex || b64 ? OK : MISMATCH;
    }
    const direct = req.headers.get("x-vapi-secret");
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.get("Authorization")?.trim() ?? "")?.[1] ?? null;
    if (direct === null && bearer === null) {
      return fail("missing x-vapi-signature, x-vapi-secret or Authorization header");
    }
    return tokenMatches(direct, secret) || tokenMatches(bearer, secret) ? OK : fail("wrong secret");
  },
});
