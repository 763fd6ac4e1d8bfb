// HubSpot request validation, newest scheme first:
//   v3: `X-HubSpot-Signature-v3: base64 HMAC-SHA256(client secret, method + uri + body + timestamp)` with
//       `X-HubSpot-Request-Timestamp` (unix ms, five-minute window). `uri` is the full URL HubSpot called.
//   v2/v1 (`X-HubSpot-Signature-Version`): `X-HubSpot-Signature: hex SHA-256(secret + method + uri + body)`
//       or `hex SHA-256(secret + body)`. Only consulted when no v3 header is present.
// The public URL is rebuilt from Host / X-Forwarded-* headers; without X-Forwarded-Proto both https and
// http are tried, since a TLS-terminating proxy in front of us is the usual deployment.
import { digest, encode, matchesAny, parseTimestamp } from "../crypto-utils.ts";
import { DEFAULT_TOLERANCE_SEC, MISMATCH, OK, fail, hmacMatches, missingHeader, timestampProblem } from "./common.ts";
import { OPTIONAL_SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";
import type { InboundRequest, VerifyResult } from "./types.ts";

type HubspotConfig = { secret?: string };

// HubSpot decodes exactly these escapes before signing (developers.hubspot.com, "Validate the v3 request signature").
const DECODED: Record<string, string> = {
  "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$",
  "%27": "'", "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";",
};

function firstValue(value: string | null): string | null {
  const first = value?.split(",")[0]?.trim();
  return first ? first : null;
}

export function candidateUris(req: InboundRequest): string[] {
  const host = firstValue(req.headers.get("x-forwarded-host")) ?? firstValue(req.headers.get("host"));
  if (!host) return [];
  const proto = firstValue(req.headers.get("x-forwarded-proto"));
  const schemes = proto ? [proto.toLowerCase()] : ["https", "http"];
  const query = req.query.toString();
  const target = req.path + (query ? `?${query}` : "");
  return schemes.map((scheme) => `${scheme}://${host}${target}`.replace(/%[0-9A-F]{2}/gi, (m) => DECODED[m.toUpperCase()] ?? m));
}

function verifyV3(req: InboundRequest, secret: string, signature: string, nowMs: number): VerifyResult {
  const stamp = req.headers.get("X-HubSpot-Request-Timestamp");
  if (stamp === null) return missingHeader("X-HubSpot-Request-Timestamp");
  const timestampMs = parseTimestamp(stamp);
  if (timestampMs === null) return fail("malformed X-HubSpot-Request-Timestamp header");
  const stale = timestampProblem(timestampMs, nowMs, DEFAULT_TOLERANCE_SEC);
  if (stale) return stale;
  const uris = candidateUris(req);
  if (uris.length === 0) return missingHeader("Host");
  let ok = false;
  for (const uri of uris) {
    const content = [req.method.toUpperCase(), uri, req.rawBody, stamp];
    if (hmacMatches({ algorithm: "sha256", encoding: "base64", key: secret, content, candidates: [signature.trim()] })) ok = true;
  }
  return ok ? OK : MISMATCH;
}

function verifyLegacy(req: InboundRequest, secret: string, signature: string, version: string | null): VerifyResult {
  const method = req.method.toUpperCase();
  const candidates =
    version === "v2"
      ? candidateUris(req).map((uri) => encode(digest("sha256", secret, method, uri, req.rawBody), "hex"))
      : version === "v1" || version === null
        ? [encode(digest("sha256", secret, req.rawBody), "hex")]
        : null;
  if (candidates === null) return fail("unsupported X-HubSpot-Signature-Version");
  if (candidates.length === 0) return missingHeader("Host");
  let ok = false;
  for (const expected of candidates) if (matchesAny(expected, [signature.trim().toLowerCase()])) ok = true;
  return ok ? OK : MISMATCH;
}

export const hubspot = defineVerifier<HubspotConfig>({
  type: "hubspot",
  secretFields: ["secret"],
  fields: { secret: OPTIONAL_SECRET_FIELD },
  verify(req, { secret }, nowMs) {
    if (!secret) return OK; // optional in svix's model
    const v3 = req.headers.get("X-HubSpot-Signature-v3");
    if (v3 !== null) return verifyV3(req, secret, v3, nowMs);
    const legacy = req.headers.get("X-HubSpot-Signature");
    if (legacy === null) return missingHeader("X-HubSpot-Signature-v3");
    return verifyLegacy(req, secret, legacy, req.headers.get("X-HubSpot-Signature-Version")?.trim().toLowerCase() ?? null);
  },
});
