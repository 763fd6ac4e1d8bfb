// PandaDoc: the signature travels in the URL, `?signature=<hex HMAC-SHA256(shared key, body)>`,
// appended by PandaDoc to the registered webhook URL. No timestamp.
import { MISMATCH, OK, fail, hmacMatches } from "./common.ts";
import { SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";

type PandaDocConfig = { secret: string };

export const pandaDoc = defineVerifier<PandaDocConfig>({
  type: "panda-doc",
  secretFields: ["secret"],
  fields: { secret: SECRET_FIELD },
  verify(req, { secret }) {
    const signature = req.query.get("signature");
    if (signature === null) return fail("missing signature query parameter");
    const ok = hmacMatches({ algorithm: "sha256", encoding: "hex", key: secret, content: [req.rawBody], candidates: [signature.trim()] });
    return ok ? OK : MISMATCH;
  },
});
