// Port: `x-port-timestamp: <unix s>` and `x-port-signature: v1,<base64 HMAC-SHA256(secret,
// timestamp + "." + body)>` (space-separated list tolerated, as in Standard Webhooks). Five-minute window.
import { parseTimestamp } from "../crypto-utils.ts";
import { DEFAULT_TOLERANCE_SEC, MISMATCH, OK, fail, hmacMatches, missingHeader, timestampProblem } from "./common.ts";
import { SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";

type PortIoConfig = { secret: string };

export const portIo = defineVerifier<PortIoConfig>({
  type: "port-io",
  secretFields: ["secret"],
  fields: { secret: SECRET_FIELD },
  verify(req, { secret }, nowMs) {
    const header = req.headers.get("x-port-signature");
    const stamp = req.headers.get("x-port-timestamp");
    if (header === null) return missingHeader("x-port-signature");
    if (stamp === null) return missingHeader("x-port-timestamp");
    const timestamp = parseTimestamp(stamp);
    if (timestamp === null) return fail("malformed x-port-timestamp header");
    const candidates = header.split(" ").filter((e) => e.startsWith("v1,")).map((e) => e.slice(3));
    if (candidates.length === 0) return fail("malformed x-port-signature header: expected v1,<base64>");
    const stale = timestampProblem(timestamp * 1000, nowMs, DEFAULT_TOLERANCE_SEC);
    if (stale) return stale;
    const ok = hmacMatches({ algorithm: "sha256", encoding: "base64", key: secret, content: [`${stamp}.`, req.rawBody], candidates });
    return ok ? OK : MISMATCH;
  },
});
