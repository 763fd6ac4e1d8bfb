// Airwallex: `x-timestamp: <unix ms>` and `x-signature: <hex HMAC-SHA256(secret, timestamp + body)>`
// (no separator between the two). Airwallex sets no window; we use five minutes like the other schemes.
import { parseTimestamp } from "../crypto-utils.ts";
import { DEFAULT_TOLERANCE_SEC, MISMATCH, OK, fail, hmacMatches, missingHeader, timestampProblem } from "./common.ts";
import { SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";

type AirwallexConfig = { secret: string };

export const airwallex = defineVerifier<AirwallexConfig>({
  type: "airwallex",
  secretFields: ["secret"],
  fields: { secret: SECRET_FIELD },
  verify(req, { secret }, nowMs) {
    const signature = req.headers.get("x-signature");
    const stamp = req.headers.get("x-timestamp");
    if (signature === null) return missingHeader("x-signature");
    if (stamp === null) return missingHeader("x-timestamp");
    const timestampMs = parseTimestamp(stamp);
    if (timestampMs === null) return fail("malformed x-timestamp header");
    const stale = timestampProblem(timestampMs, nowMs, DEFAULT_TOLERANCE_SEC);
    if (stale) return stale;
    const ok = hmacMatches({ algorithm: "sha256", encoding: "hex", key: secret, content: [stamp, req.rawBody], candidates: [signature.trim()] });
    return ok ? OK : MISMATCH;
  },
});
