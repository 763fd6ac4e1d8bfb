// Telnyx (API v2): Ed25519, not HMAC. `telnyx-signature-ed25519: <base64 signature>` over
// `timestamp + "|" + body`, with `telnyx-timestamp` (unix s) and a five-minute window. The account
// public key is 32 raw bytes in base64 as shown in the portal; a PEM (SPKI) key is accepted as well.
import { type KeyObject, createPublicKey, verify as verifySignature } from "node:crypto";
import { concatBytes, decodeBase64, parseTimestamp } from "../crypto-utils.ts";
import { DEFAULT_TOLERANCE_SEC, MISMATCH, OK, fail, missingHeader, timestampProblem } from "./common.ts";
import { defineVerifier } from "./define.ts";

type TelnyxConfig = { publicKey: string };

/** Null for anything that is not an Ed25519 public key. */
export function ed25519PublicKey(value: string): KeyObject | null {
  try {
    if (value.includes("-----BEGIN")) {
      const key = createPublicKey(value);
      return key.asymmetricKeyType === "ed25519" ? key : null;
    }
    const raw = decodeBase64(value.trim());
    if (!raw || raw.length !== 32) return null;
    return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(raw).toString("base64url") }, format: "jwk" });
  } catch {
    return null;
  }
}

export const telnyx = defineVerifier<TelnyxConfig>({
  type: "telnyx",
  secretFields: [], // a public key: nothing to hide, and svix returns it in TelnyxConfigOut too
  fields: {
    publicKey: {
      kind: "string",
      required: true,
      check: (v) => (ed25519PublicKey(v) ? null : "must be an Ed25519 public key (base64 of 32 bytes, or PEM)"),
    },
  },
  verify(req, { publicKey }, nowMs) {
    const header = req.headers.get("telnyx-signature-ed25519");
    const stamp = req.headers.get("telnyx-timestamp");
    if (header === null) return missingHeader("telnyx-signature-ed25519");
    if (stamp === null) return missingHeader("telnyx-timestamp");
    const timestamp = parseTimestamp(stamp);
    if (timestamp === null) return fail("malformed telnyx-timestamp header");
    const signature = decodeBase64(header.trim());
    if (!signature || signature.length !== 64) return fail("malformed telnyx-signature-ed25519 header: expected base64 of 64 bytes");
    const stale = timestampProblem(timestamp * 1000, nowMs, DEFAULT_TOLERANCE_SEC);
    if (stale) return stale;
    const key = ed25519PublicKey(publicKey);
    if (!key) return fail("publicKey is not an Ed25519 key");
    return verifySignature(null, concatBytes(`${stamp}|`, req.rawBody), key, signature) ? OK : MISMATCH;
  },
});
