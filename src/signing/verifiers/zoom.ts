// Zoom: `x-zm-signature: v0=<hex HMAC-SHA256(secret token, "v0:" + ts + ":" + body)>` with
// `x-zm-request-timestamp` (unix s). Zoom re-validates endpoints with a signed `endpoint.url_validation`
// event that must be answered with `{ plainToken, encryptedToken: hex HMAC-SHA256(secret, plainToken) }`.
// That answer is an HMAC oracle for attacker-chosen input, so it is only given to correctly signed requests.
import { encode, hmac } from "../crypto-utils.ts";
import { jsonObject } from "./common.ts";
import { SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";
import type { InboundRequest, VerifyResult } from "./types.ts";
import { checkV0Signature } from "./v0-scheme.ts";

type ZoomConfig = { secret: string };

const checkZoom = (req: InboundRequest, secret: string, nowMs: number | undefined): VerifyResult =>
  checkV0Signature(req, secret, nowMs, { signature: "x-zm-signature", timestamp: "x-zm-request-timestamp" });

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
