// Checkbook.io: `signature: nonce=<n>,signature=<hex HMAC-SHA256(webhooks key, body + nonce)>`.
// The nonce is not a timestamp, so there is no freshness window to enforce.
import { MISMATCH, OK, fail, hmacMatches, missingHeader, parsePairs } from "./common.ts";
import { SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";

type CheckbookConfig = { secret: string };

export const checkbook = defineVerifier<CheckbookConfig>({
  type: "checkbook",
  secretFields: ["secret"],
  fields: { secret: SECRET_FIELD },
  verify(req, { secret }) {
    const header = req.headers.get("signature");
    if (header === null) return missingHeader("signature");
    const pairs = parsePairs(header);
    const nonces = pairs?.get("nonce") ?? [];
    const signatures = pairs?.get("signature") ?? [];
    if (nonces.length !== 1 || signatures.length === 0) {
      return fail("malformed signature header: expected nonce=<n>,signature=<hex>");
    }
    const ok = hmacMatches({
      algorithm: "sha256",
      encoding: "hex",
      key: secret,
      content: [req.rawBody, nonces[0]],
      candidates: signatures,
    });
    return ok ? OK : MISMATCH;
  },
});
