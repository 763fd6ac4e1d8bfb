// Slack: `X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret, "v0:" + ts + ":" + body)>` with
// `X-Slack-Request-Timestamp`; Slack's guide rejects requests more than five minutes off.
// The Events API proves endpoint ownership with a signed `url_verification` request whose `challenge`
// must be echoed back.
import { parseTimestamp } from "../crypto-utils.ts";
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

type SlackConfig = { secret: string };

/** `nowMs` undefined skips only the freshness check (handshake callers that have no clock). */
function checkSlack(req: InboundRequest, secret: string, nowMs: number | undefined): VerifyResult {
  const header = req.headers.get("X-Slack-Signature");
  const stamp = req.headers.get("X-Slack-Request-Timestamp");
  if (header === null) return missingHeader("X-Slack-Signature");
  if (stamp === null) return missingHeader("X-Slack-Request-Timestamp");
  const timestamp = parseTimestamp(stamp);
  if (timestamp === null) return fail("malformed X-Slack-Request-Timestamp header");
  const signature = stripPrefix(header, "v0=");
  if (signature === null) return fail("malformed X-Slack-Signature header: expected v0=<hex>");
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
