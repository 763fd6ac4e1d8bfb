// Meta (Facebook, Instagram, WhatsApp Cloud API): `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app
// secret, body)>`. Subscribing sends `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`, which
// must echo the challenge when the verify token is ours.
import { MISMATCH, OK, fail, hmacMatches, missingHeader, stripPrefix, tokenMatches } from "./common.ts";
import { SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";

type MetaConfig = { secret: string; verifyToken: string };

export const meta = defineVerifier<MetaConfig>({
  type: "meta",
  secretFields: ["secret", "verifyToken"],
  fields: { secret: SECRET_FIELD, verifyToken: SECRET_FIELD },
  verify(req, { secret }) {
    const header = req.headers.get("X-Hub-Signature-256");
    if (header === null) return missingHeader("X-Hub-Signature-256");
    const signature = stripPrefix(header, "sha256=");
    if (signature === null) return fail("malformed X-Hub-Signature-256 header: expected sha256=<hex>");
    const ok = hmacMatches({ algorithm: "sha256", encoding: "hex", key: secret, content: [req.rawBody], candidates: [signature] });
    return ok ? OK : MISMATCH;
  },
  handshake(req, { verifyToken }) {
    if (req.method.toUpperCase() !== "GET" || req.query.get("hub.mode") !== "subscribe") return null;
    const challenge = req.query.get("hub.challenge");
    if (challenge === null || !tokenMatches(req.query.get("hub.verify_token"), verifyToken)) return null;
    return { status: 200, contentType: "text/plain; charset=utf-8", body: challenge };
  },
});
