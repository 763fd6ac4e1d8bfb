// Tailscale: `Tailscale-Webhook-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`.
// svix's TailscaleConfig documents `timestampGraceSeconds` as "if not passed, timestamp age will not be
// checked"; we keep that meaning so configs behave the same here and in svix.
import { parseTimestamp } from "../crypto-utils.ts";
import { MISMATCH, OK, fail, hmacMatches, missingHeader, parsePairs, timestampProblem } from "./common.ts";
import { SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";

type TailscaleConfig = { secret: string; timestampGraceSeconds?: number };

export const tailscale = defineVerifier<TailscaleConfig>({
  type: "tailscale",
  secretFields: ["secret"],
  fields: {
    secret: SECRET_FIELD,
    timestampGraceSeconds: { kind: "integer", min: 0, max: 2_147_483_647 },
  },
  verify(req, { secret, timestampGraceSeconds }, nowMs) {
    const header = req.headers.get("Tailscale-Webhook-Signature");
    if (header === null) return missingHeader("Tailscale-Webhook-Signature");
    const pairs = parsePairs(header);
    const stamps = pairs?.get("t") ?? [];
    const signatures = pairs?.get("v1") ?? [];
    if (stamps.length !== 1 || signatures.length === 0) {
      return fail("malformed Tailscale-Webhook-Signature header: expected t=<unix>,v1=<hex>");
    }
    const timestamp = parseTimestamp(stamps[0]);
    if (timestamp === null) return fail("malformed Tailscale-Webhook-Signature header: t= is not a unix timestamp");
    if (timestampGraceSeconds !== undefined) {
      const stale = timestampProblem(timestamp * 1000, nowMs, timestampGraceSeconds);
      if (stale) return stale;
    }
    const ok = hmacMatches({
      algorithm: "sha256",
      encoding: "hex",
      key: secret,
      content: [`${stamps[0]}.`, req.rawBody],
      candidates: signatures,
    });
    return ok ? OK : MISMATCH;
  },
});
