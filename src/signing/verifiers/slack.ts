// Slack: `X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret, "v0:" + ts + ":" + body)>` with
// `X-Slack-Request-Timestamp`; Slack's guide rejects requests more than five minutes off.
// The Events API proves endpoint ownership with a signed `url_verification` request whose `challenge`
// must be echoed back.
import { jsonObject } from "./common.ts";
import { SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";
import type { InboundRequest, VerifyResult } from "./types.ts";
import { checkV0Signature } from "./v0-scheme.ts";

type SlackConfig = { secret: string };

const checkSlack = (req: InboundRequest, secret: string, nowMs: number | undefined): VerifyResult =>
  checkV0Signature(req, secret, nowMs, { signature: "X-Slack-Signature", timestamp: "X-Slack-Request-Timestamp" });

export const slack = defineVerifier<SlackConfig>({
  type: "slack",
  secretFields: ["secret"],
  fields: { secret: SECRET_FIELD },
  verify: (req, { secret }, nowMs) => checkSlack(req, secret, nowMs),
  handshake(req, { secret }, nowMs) {
    const body = jsonObject(req);
    if (body?.type !== "url_verification" || typeof body.challenge !== "string") return null;
    // An unsigned challenge falls through to verify(), which rejects it with a reason.
    if (!checkSlack(req, secret, nowMs).ok) return null;
    return { status: 200, contentType: "text/plain; charset=utf-8", body: body.challenge };
  },
});
