// Segment webhooks destination: `X-Signature: <hex HMAC-SHA1(shared secret, body)>`, sent only when a
// shared secret is configured in Segment (hence optional here too). No timestamp.
import { MISMATCH, OK, hmacMatches, missingHeader } from "./common.ts";
import { OPTIONAL_SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";

type SegmentConfig = { secret?: string };

export const segment = defineVerifier<SegmentConfig>({
  type: "segment",
  secretFields: ["secret"],
  fields: { secret: OPTIONAL_SECRET_FIELD },
  verify(req, { secret }) {
    if (!secret) return OK;
    const signature = req.headers.get("X-Signature");
    if (signature === null) return missingHeader("X-Signature");
    const ok = hmacMatches({ algorithm: "sha1", encoding: "hex", key: secret, content: [req.rawBody], candidates: [signature.trim()] });
    return ok ? OK : MISMATCH;
  },
});
