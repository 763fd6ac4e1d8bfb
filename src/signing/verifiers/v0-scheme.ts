// The "v0" scheme Slack and Zoom share: `<sig header>: v0=<hex HMAC-SHA256(secret, "v0:" + ts + ":" + body)>`
// with the unix-seconds timestamp in its own header, checked within five minutes.
import { parseTimestamp } from "../crypto-utils.ts";
import { DEFAULT_TOLERANCE_SEC, MISMATCH, OK, fail, hmacMatches, missingHeader, stripPrefix, timestampProblem } from "./common.ts";
import type { InboundRequest, VerifyResult } from "./types.ts";

/** `nowMs` undefined skips only the freshness check (handshake callers that have no clock). */
export function checkV0Signature(
  req: InboundRequest,
  secret: string,
  nowMs: number | undefined,
  headers: { signature: string; timestamp: string },
): VerifyResult {
  const header = req.headers.get(headers.signature);
  const stamp = req.headers.get(headers.timestamp);
  if (header === null) return missingHeader(headers.signature);
  if (stamp === null) return missingHeader(headers.timestamp);
  const timestamp = parseTimestamp(stamp);
  if (timestamp === null) return fail(`malformed ${headers.timestamp} header`);
  const signature = stripPrefix(header, "v0=");
  if (signature === null) return fail(`malformed ${headers.signature} header: expected v0=<hex>`);
  if (nowMs !== undefined) {
    const stale = timestampProblem(timestamp * 1000, nowMs, DEFAULT_TOLERANCE_SEC);
    if (stale) return stale;
  }
  const ok = hmacMatches({ algorithm: "sha256", encoding: "hex", key: secret, content: [`v0:${stamp}:`, req.rawBody], candidates: [signature] });
  return ok ? OK : MISMATCH;
}
