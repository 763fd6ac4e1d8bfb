// Veriff: `X-HMAC-SIGNATURE` (newer integrations: `vrf-hmac-signature`) carrying the hex
// HMAC-SHA256 of the body under the integration's shared secret key. No timestamp.
import { MISMATCH, OK, hmacMatches, missingHeader } from "./common.ts";
import { SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";

type VeriffConfig = { secret: string };

export const veriff = defineVerifier<VeriffConfig>({
  type: "veriff",
  secretFields: ["secret"],
  fields: { secret: SECRET_FIELD },
  verify(req, { secret }) {
    const signature = req.headers.get("x-hmac-signature") ?? req.headers.get("vrf-hmac-signature");
    if (signature === null) return missingHeader("X-HMAC-SIGNATURE");
    const ok = hmacMatches({ algorithm: "sha256", encoding: "hex", key: secret, content: [req.rawBody], candidates: [signature.trim()] });
    return ok ? OK : MISMATCH;
  },
});
