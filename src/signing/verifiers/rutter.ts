// Rutter: `X-Rutter-Signature: sha256=<base64 HMAC-SHA256(client secret, body)>`. No timestamp.
import { MISMATCH, OK, fail, hmacMatches, missingHeader, stripPrefix } from "./common.ts";
import { SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";

type RutterConfig = { secret: string };

export const rutter = defineVerifier<RutterConfig>({
  type: "rutter",
  secretFields: ["secret"],
  fields: { secret: SECRET_FIELD },
  verify(req, { secret }) {
    const header = req.headers.get("X-Rutter-Signature");
    if (header === null) return missingHeader("X-Rutter-Signature");
    const signature = stripPrefix(header, "sha256=");
    if (signature === null) return fail("malformed X-Rutter-Signature header: expected sha256=<base64>");
    const ok = hmacMatches({ algorithm: "sha256", encoding: "base64", key: secret, content: [req.rawBody], candidates: [signature] });
    return ok ? OK : MISMATCH;
  },
});
