// Standard Webhooks (v1.0.0) symmetric scheme: outbound signing and inbound verification.
// The HMAC key is the base64-DECODED part after `whsec_`, not the secret string itself: using the
// string is the classic integration bug (standard-webhooks#234), and it breaks interop with svix.
import { randomBytes } from "node:crypto";
import {
  type ByteInput,
  decodeBase64,
  hmac,
  matchesAny,
  parseTimestamp,
  withinTolerance,
} from "./crypto-utils.ts";
import type { VerifyResult } from "./verifiers/types.ts";

export const SECRET_PREFIX = "whsec_";
export const DEFAULT_TOLERANCE_SEC = 5 * 60;

/** A new `whsec_` secret holding 32 random bytes (the spec allows 24–64). */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString("base64");
}

/** The HMAC key bytes of a secret, or null when it is not (optionally `whsec_`-prefixed) base64. */
export function decodeSecret(secret: string): Uint8Array | null {
  const body = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return decodeBase64(body);
}

function signatureFor(key: Uint8Array, msgId: string, timestamp: string, body: ByteInput): string {
  return hmac("sha256", key, `${msgId}.${timestamp}.`, body).toString("base64");
}

export interface SignInput {
  secrets: string[];
  msgId: string;
  timestampSec: number;
  body: Uint8Array | string;
}

/**
 * The `webhook-signature` header value: one `v1,<base64>` per secret, space separated, so that
 * receivers keep verifying while a secret is being rotated.
 * @throws when a secret is not valid base64 or the id/timestamp would make the signed content
 * ambiguous: both are our own outbound values, so a bad one is a programming error.
 */
export function signPayload({ secrets, msgId, timestampSec, body }: SignInput): string {
  if (secrets.length === 0) throw new Error("signPayload needs at least one secret");
  if (msgId.length === 0 || msgId.includes(".")) throw new Error("msgId must be non-empty and contain no '.'");
  if (!Number.isSafeInteger(timestampSec) || timestampSec < 0) throw new Error("timestampSec must be a non-negative integer");
  const timestamp = String(timestampSec);
  let out = "";
  for (const secret of secrets) {
    const key = signingKey(secret);
    if (!key) throw new Error("secret is not a whsec_ base64 secret");
    out += `${out ? " " : ""}v1,${signatureFor(key, msgId, timestamp, body)}`;
  }
  return out;
}

// Outbound signing decodes the same few endpoint secrets thousands of times a second; the regex check
// and base64 decode were ~2 % of a delivery's CPU. The plaintext secrets are already held in memory by
// the delivery engine's SecretCache, so keeping their decoded bytes adds no exposure.
const KEY_CACHE_MAX = 10_000;
const keyCache = new Map<string, Uint8Array>();

function signingKey(secret: string): Uint8Array | null {
  let key = keyCache.get(secret);
  if (key === undefined) {
    const decoded = decodeSecret(secret);
    if (!decoded) return null;
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
    keyCache.set(secret, (key = decoded));
  }
  return key;
}

export interface VerifyInput {
  /** One secret, or several while rotating: any match is accepted. */
  secrets: string | string[];
  headers: Headers;
  body: Uint8Array | string;
  nowMs: number;
  toleranceSec?: number;
}

/** The `<prefix>-id/-timestamp/-signature` triple; svix sends `svix-*` instead of `webhook-*`. */
function readHeaders(headers: Headers): { id: string; timestamp: string; signature: string } | null {
  for (const prefix of ["webhook", "svix"]) {
    const id = headers.get(`${prefix}-id`);
    const timestamp = headers.get(`${prefix}-timestamp`);
    const signature = headers.get(`${prefix}-signature`);
    if (id !== null && timestamp !== null && signature !== null) return { id, timestamp, signature };
  }
  return null;
}

/** Inbound verification; never throws. Rejects timestamps more than `toleranceSec` old or ahead. */
export function verifyStandardWebhook(input: VerifyInput): VerifyResult {
  const found = readHeaders(input.headers);
  if (!found) return { ok: false, reason: "missing webhook-id, webhook-timestamp or webhook-signature header" };
  const timestampSec = parseTimestamp(found.timestamp);
  if (timestampSec === null) return { ok: false, reason: "malformed webhook-timestamp header" };
  const tolerance = input.toleranceSec ?? DEFAULT_TOLERANCE_SEC;
  if (!withinTolerance(timestampSec * 1000, input.nowMs, tolerance)) {
    return { ok: false, reason: `webhook-timestamp is outside the ${tolerance}s tolerance` };
  }
  // Other schemes in the list (v1a = ed25519) are skipped rather than treated as malformed.
  const candidates = found.signature
    .split(" ")
    .filter((entry) => entry.startsWith("v1,"))
    .map((entry) => entry.slice(3));
  if (candidates.length === 0) return { ok: false, reason: "malformed webhook-signature header: no v1 signature" };
  const secrets = Array.isArray(input.secrets) ? input.secrets : [input.secrets];
  let matched = false;
  for (const secret of secrets) {
    const key = decodeSecret(secret);
    if (!key) return { ok: false, reason: "secret is not valid whsec_ base64" };
    // found.timestamp is signed as sent, so a re-formatted number would not match the sender's bytes.
    const expected = signatureFor(key, found.id, found.timestamp, input.body);
    if (matchesAny(expected, candidates)) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: "signature mismatch" };
}
