// GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>`, no timestamp.
// GitHub also sends the legacy `X-Hub-Signature: sha1=…`; it is used only when the sha256 header is absent
// (GitHub Enterprise Server < 2.22 and some proxies send only that one).
import { MISMATCH, OK, fail, hmacMatches, missingHeader, stripPrefix } from "./common.ts";
import { OPTIONAL_SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";

type GithubConfig = { secret?: string };

export const github = defineVerifier<GithubConfig>({
  type: "github",
  secretFields: ["secret"],
  fields: { secret: OPTIONAL_SECRET_FIELD },
  verify(req, { secret }) {
    // svix models the secret as optional; a source without one accepts everything, like generic-webhook.
    if (!secret) return OK;
    const schemes = [
      { header: "X-Hub-Signature-256", prefix: "sha256=", algorithm: "sha256" },
      { header: "X-Hub-Signature", prefix: "sha1=", algorithm: "sha1" },
    ] as const;
    for (const scheme of schemes) {
      const value = req.headers.get(scheme.header);
      if (value === null) continue;
      const signature = stripPrefix(value, scheme.prefix);
      if (signature === null) return fail(`malformed ${scheme.header} header: expected ${scheme.prefix}<hex>`);
      const ok = hmacMatches({
        algorithm: scheme.algorithm,
        encoding: "hex",
        key: secret,
        content: [req.rawBody],
        candidates: [signature],
      });
      return ok ? OK : MISMATCH;
    }
    return missingHeader("X-Hub-Signature-256");
  },
});
