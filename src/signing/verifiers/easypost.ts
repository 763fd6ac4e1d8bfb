// EasyPost: `X-Hmac-Signature: hmac-sha256-hex=<hex HMAC-SHA256(secret, body)>`. EasyPost's client
// libraries NFKD-normalise the webhook secret before using its UTF-8 bytes as the key; we do the same so
// secrets with non-ASCII characters match. No timestamp.
import { MISMATCH, OK, fail, hmacMatches, missingHeader, stripPrefix } from "./common.ts";
import { OPTIONAL_SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";

type EasypostConfig = { secret?: string };

export const easypost = defineVerifier<EasypostConfig>({
  type: "easypost",
  secretFields: ["secret"],
  fields: { secret: OPTIONAL_SECRET_FIELD },
  verify(req, { secret }) {
    if (!secret) return OK; // optional in svix's model
    const header = req.headers.get("X-Hmac-Signature");
    if (header === null) return missingHeader("X-Hmac-Signature");
    const signature = stripPrefix(header, "hmac-sha256-hex=");
    if (signature === null) return fail("malformed X-Hmac-Signature header: expected hmac-sha256-hex=<hex>");
    const ok = hmacMatches({
      algorithm: "sha256",
      encoding: "hex",
      key: secret.normalize("NFKD"),
      content: [req.rawBody],
      candidates: [signature],
    });
    return ok ? OK : MISMATCH;
  },
});
