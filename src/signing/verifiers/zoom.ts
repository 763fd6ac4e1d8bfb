// Zoom: `x-zm-signature: v0=<hex HMAC-SHA256(secret token, "v0:" + ts + ":" + body)>` with
// `x-zm-request-timestamp` (unix s). Zoom re-validates endpoints with a signed `endpoint.url_validation`
// event that must be answered with `{ plainToken, encryptedToken: hex HMAC-SHA256(secret, plainToken) }`.
// That answer is an HMAC oracle for attacker-chosen input, so it is only given to correctly signed requests.
import { encode, hmac, parseTimestamp } from "../crypto-utils.ts";
import {
  DEFAULT_TOLERANCE_SEC,
  MISMATCH,
  OK,
  fail,
  hmacMatches,
  jsonObject,
  missingHeader,
  stripPrefix,
  timestampProblem,
} from "./common.ts";
import { SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";
import type { InboundRequest, VerifyResult } from "./types.ts";

type ZoomConfig = { secret: string };

function checkZoom(req: InboundRequest, secret: string, nowMs: number | undefined): VerifyResult {
  const header = req.headers.get("x-zm-signature");
  const stamp = req.headers.get("x-zm-request-timestamp");
  if (header === null) return missingHeader("x-zm-signature");
  if (stamp === null) return missingHeader("x-zm-request-timestamp");
  const timestamp = parseTimestamp(stamp);
  if (timestamp === null) return fail("malformed x-zm-request-timestamp header");
  const signature = stripPrefix(header, "v0=");
  if (signature === null) return fail("malformed x-zm-signature header: expected v0=<hex>");
  if (nowMs !== undefined) {
    const stale = timestampProblem(timestamp * 1000, nowMs, DEFAULT_TOLERANCE_SEC);
    if (stale) return stale;
  }
  const ok = hmacMatches({
    algorithm: "sha256",
    encoding: "hex",
    key: secret,
    content: [`v0:${stamp}:`, req.rawBody],
    candidates: [signature],
  });
  return ok ? OK : MISMATCH;
}

export const zoom = defineVerifier<ZoomConfig>({
  type: "zoom",
  secretFields: ["secret"],
  fields: { secret: SECRET_FIELD },
  verify: (req, { secret }, nowMs) => checkZoom(req, secret, nowMs),
  handshake(req, { secret }, nowMs) {
    const body = jsonObject(req);
    if (body?.event !== "endpoint.url_validation") return null;
    const payload = body.payload as Record<string, unknown> | null | undefined;
    const plainToken = payload && typeof payload === "object" ? payload.plainToken : undefined;
    if (typeof plainToken !== "string") return null;
    if (!checkZoom(req, secret, nowMs).ok) return null;
    const encryptedToken = encode(hmac("sha256", secret, plainToken), "hex");
    return { status: 200, contentType: "application/json", body: JSON.stringify({ plainToken, encryptedToken }) };
  },
});
