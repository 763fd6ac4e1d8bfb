// DocuSign Connect: `X-DocuSign-Signature-1` … `-N`, each a base64 HMAC-SHA256 of the body under one of
// the account's active Connect keys (up to 100); one match is enough. No timestamp.
import { MISMATCH, OK, hmacMatches, missingHeader } from "./common.ts";
import { OPTIONAL_SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";

type DocusignConfig = { secret?: string };
const MAX_KEYS = 100;

export const docusign = defineVerifier<DocusignConfig>({
  type: "docusign",
  secretFields: ["secret"],
  fields: { secret: OPTIONAL_SECRET_FIELD },
  verify(req, { secret }) {
    if (!secret) return OK; // optional in svix's model: unsigned Connect configurations are allowed
    const candidates: string[] = [];
    for (let i = 1; i <= MAX_KEYS; i++) {
      const value = req.headers.get(`X-DocuSign-Signature-${i}`);
      if (value !== null) candidates.push(value.trim());
    }
    if (candidates.length === 0) return missingHeader("X-DocuSign-Signature-1");
    const ok = hmacMatches({ algorithm: "sha256", encoding: "base64", key: secret, content: [req.rawBody], candidates });
    return ok ? OK : MISMATCH;
  },
});
