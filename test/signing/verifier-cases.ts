// One signed-request recipe per source type, consumed by the shared suite in verifiers.test.ts.
// Where the provider ships a signing helper it is used (stripe, @octokit/webhooks-methods,
// standardwebhooks, svix); elsewhere the provider's documented formula is applied with node:crypto.
import { generateKeyPairSync, sign as edSign, type KeyObject } from "node:crypto";
import { sign as octokitSign } from "@octokit/webhooks-methods";
import { Webhook as StandardWebhook } from "standardwebhooks";
import Stripe from "stripe";
import { Webhook as SvixWebhook } from "svix";
import { STANDARD_WEBHOOKS_TYPES } from "../../src/signing/verifiers/svix.ts";
import { type RequestParts, hmacB64, hmacHex } from "./helpers.ts";

type Config = Record<string, unknown>;
export type Signed = Omit<RequestParts, "body">;

export interface VerifierCase {
  type: string;
  config: Config;
  /** Same shape as `config` with a different key: signatures made with it must be rejected. */
  otherConfig: Config;
  sign(body: string, timestampMs: number, config: Config): Signed | Promise<Signed>;
  /** Whether a timestamp is signed, so that expired and future requests must be rejected. */
  timestamped: boolean;
  /** False for schemes that authenticate the sender only (static tokens): the body is not covered. */
  signsBody: boolean;
  /** Requests with broken authentication headers; each must be rejected with a reason. */
  malformed: Signed[];
}

const stripeClient = new Stripe("sk_test_unused");
const sec = (ms: number) => String(Math.floor(ms / 1000));
const s = (config: Config, key = "secret") => String(config[key]);

function ed25519Pair(): { publicKey: string; privateKey: KeyObject } {
  const pair = generateKeyPairSync("ed25519");
  const jwk = pair.publicKey.export({ format: "jwk" });
  return { publicKey: Buffer.from(String(jwk.x), "base64url").toString("base64"), privateKey: pair.privateKey };
}
const telnyxKeys = [ed25519Pair(), ed25519Pair()];
const telnyxPrivate = new Map(telnyxKeys.map((k) => [k.publicKey, k.privateKey]));

const svixFamily: VerifierCase[] = STANDARD_WEBHOOKS_TYPES.map((type, i): VerifierCase => ({
  type,
  config: { secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" },
  otherConfig: { secret: "whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBrZXkhIQ==" },
  // Alternate between both reference libraries and both header spellings.
  sign(body, ts, config) {
    const lib = i % 2 === 0 ? new StandardWebhook(s(config)) : new SvixWebhook(s(config));
    const prefix = i % 2 === 0 ? "webhook" : "svix";
    const signature = lib.sign("msg_2Lh9KRb0pDbZ", new Date(ts), body);
    return { headers: { [`${prefix}-id`]: "msg_2Lh9KRb0pDbZ", [`${prefix}-timestamp`]: sec(ts), [`${prefix}-signature`]: signature } };
  },
  timestamped: true,
  signsBody: true,
  malformed: [
    { headers: { "webhook-id": "m", "webhook-timestamp": "yesterday", "webhook-signature": "v1,AAAA" } },
    { headers: { "svix-id": "m", "svix-timestamp": "1717200000", "svix-signature": "v2 nope" } },
  ],
}));

export const CASES: VerifierCase[] = [
  {
    type: "github",
    config: { secret: "It's a Secret to Everybody" },
    otherConfig: { secret: "not the secret" },
    sign: async (body, _ts, config) => ({ headers: { "X-Hub-Signature-256": await octokitSign(s(config), body) } }),
    timestamped: false,
    signsBody: true,
    malformed: [{ headers: { "X-Hub-Signature-256": "md5=abcdef" } }, { headers: { "X-Hub-Signature": "sha1" } }],
  },
  {
    type: "stripe",
    config: { secret: "whsec_test_secret" },
    otherConfig: { secret: "whsec_other_secret" },
    sign: async (body, ts, config) => ({
      headers: {
        "Stripe-Signature": await stripeClient.webhooks.generateTestHeaderStringAsync({
          payload: body,
          secret: s(config),
          timestamp: Math.floor(ts / 1000),
        }),
      },
    }),
    timestamped: true,
    signsBody: true,
    malformed: [
      { headers: { "Stripe-Signature": "t=abc,v1=00" } },
      { headers: { "Stripe-Signature": "v1=00" } },
      { headers: { "Stripe-Signature": "t=1,t=2,v1=00" } },
      { headers: { "Stripe-Signature": "t=1717200000" } },
      { headers: { "Stripe-Signature": "garbage" } },
    ],
  },
  {
    type: "shopify",
    config: { secret: "shpss_client_secret" },
    otherConfig: { secret: "shpss_other" },
    sign: (body, _ts, config) => ({ headers: { "X-Shopify-Hmac-Sha256": hmacB64("sha256", s(config), body) } }),
    timestamped: false,
    signsBody: true,
    malformed: [{ headers: { "X-Shopify-Hmac-Sha256": "%%% not base64 %%%" } }],
  },
  {
    type: "slack",
    config: { secret: "8f742231b10e8888abcd99yyyzzz85a5" },
    otherConfig: { secret: "00000000000000000000000000000000" },
    sign: (body, ts, config) => ({
      headers: {
        "X-Slack-Request-Timestamp": sec(ts),
        "X-Slack-Signature": `v0=${hmacHex("sha256", s(config), `v0:${sec(ts)}:${body}`)}`,
      },
    }),
    timestamped: true,
    signsBody: true,
    malformed: [
      { headers: { "X-Slack-Request-Timestamp": "1717200000", "X-Slack-Signature": "a2114d57b48e" } },
      { headers: { "X-Slack-Request-Timestamp": "1.5e9", "X-Slack-Signature": "v0=00" } },
    ],
  },
  ...svixFamily,
  {
    type: "hmac",
    config: {
      secret: "hmac-secret",
      header: "X-Signature",
      algorithm: "sha512",
      encoding: "base64",
      prefix: "sha512=",
      template: "{timestamp}.{body}",
      timestampHeader: "X-Timestamp",
    },
    otherConfig: {
      secret: "other",
      header: "X-Signature",
      algorithm: "sha512",
      encoding: "base64",
      prefix: "sha512=",
      template: "{timestamp}.{body}",
      timestampHeader: "X-Timestamp",
    },
    sign: (body, ts, config) => ({
      headers: { "X-Timestamp": sec(ts), "X-Signature": `sha512=${hmacB64("sha512", s(config), `${sec(ts)}.${body}`)}` },
    }),
    timestamped: true,
    signsBody: true,
    malformed: [
      { headers: { "X-Timestamp": "now", "X-Signature": "sha512=AAAA" } },
      { headers: { "X-Timestamp": "1717200000", "X-Signature": "sha256=AAAA" } },
    ],
  },
  {
    type: "basic-auth",
    config: { username: "relay", password: "correct horse" },
    otherConfig: { username: "relay", password: "battery staple" },
    sign: (_body, _ts, config) => ({
      headers: { Authorization: `Basic ${Buffer.from(`${config.username}:${config.password}`).toString("base64")}` },
    }),
    timestamped: false,
    signsBody: false,
    malformed: [{ headers: { Authorization: "Bearer abc" } }, { headers: { Authorization: "Basic !!!!" } }, { headers: { Authorization: "Basic bm9jb2xvbg==" } }],
  },
  {
    type: "api-key",
    config: { key: "key_live_123", header: "Authorization", prefix: "Bearer " },
    otherConfig: { key: "key_live_456", header: "Authorization", prefix: "Bearer " },
    sign: (_body, _ts, config) => ({ headers: { Authorization: `Bearer ${s(config, "key")}` } }),
    timestamped: false,
    signsBody: false,
    malformed: [{ headers: { Authorization: "Token key_live_123" } }],
  },
  {
    type: "airwallex",
    config: { secret: "awx_whsec" },
    otherConfig: { secret: "awx_other" },
    sign: (body, ts, config) => ({ headers: { "x-timestamp": String(ts), "x-signature": hmacHex("sha256", s(config), `${ts}${body}`) } }),
    timestamped: true,
    signsBody: true,
    malformed: [{ headers: { "x-timestamp": "12:00", "x-signature": "00" } }],
  },
  {
    type: "checkbook",
    config: { secret: "335b5728e25b47e88995fce207bff380" },
    otherConfig: { secret: "00000000000000000000000000000000" },
    sign: (body, _ts, config) => ({
      headers: { signature: `nonce=1243549809,signature=${hmacHex("sha256", s(config), `${body}1243549809`)}` },
    }),
    timestamped: false,
    signsBody: true,
    malformed: [{ headers: { signature: "4ee9758fc0bceb3c" } }, { headers: { signature: "signature=00" } }],
  },
  {
    type: "docusign",
    config: { secret: "docusign-connect-key" },
    otherConfig: { secret: "another-connect-key" },
    sign: (body, _ts, config) => ({ headers: { "X-DocuSign-Signature-1": hmacB64("sha256", s(config), body) } }),
    timestamped: false,
    signsBody: true,
    malformed: [{ headers: { "X-DocuSign-Signature-1": "" } }],
  },
  {
    type: "easypost",
    config: { secret: "easypost-webhook-secret" },
    otherConfig: { secret: "wrong" },
    sign: (body, _ts, config) => ({ headers: { "X-Hmac-Signature": `hmac-sha256-hex=${hmacHex("sha256", s(config), body)}` } }),
    timestamped: false,
    signsBody: true,
    malformed: [{ headers: { "X-Hmac-Signature": "sha256=abc" } }],
  },
  {
    type: "hubspot",
    config: { secret: "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy" },
    otherConfig: { secret: "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz" },
    sign: (body, ts, config) => ({
      headers: {
        host: "relay.example.com",
        "x-forwarded-proto": "https",
        "X-HubSpot-Request-Timestamp": String(ts),
        "X-HubSpot-Signature-v3": hmacB64("sha256", s(config), `POSThttps://relay.example.com/in/tok_test${body}${ts}`),
      },
    }),
    timestamped: true,
    signsBody: true,
    malformed: [
      { headers: { host: "relay.example.com", "X-HubSpot-Request-Timestamp": "later", "X-HubSpot-Signature-v3": "AAAA" } },
      { headers: { "X-HubSpot-Signature": "00", "X-HubSpot-Signature-Version": "v9" } },
    ],
  },
  {
    type: "meta",
    config: { secret: "meta-app-secret", verifyToken: "my-verify-token" },
    otherConfig: { secret: "other-app-secret", verifyToken: "my-verify-token" },
    sign: (body, _ts, config) => ({ headers: { "X-Hub-Signature-256": `sha256=${hmacHex("sha256", s(config), body)}` } }),
    timestamped: false,
    signsBody: true,
    malformed: [{ headers: { "X-Hub-Signature-256": "sha1=abc" } }],
  },
  {
    type: "nango",
    config: { secret: "nango-env-secret" },
    otherConfig: { secret: "nango-other" },
    sign: (body, _ts, config) => ({ headers: { "X-Nango-Hmac-Sha256": hmacHex("sha256", s(config), body) } }),
    timestamped: false,
    signsBody: true,
    malformed: [{ headers: { "X-Nango-Hmac-Sha256": "zz" } }],
  },
  {
    type: "openclaw",
    config: { secret: "openclaw-hook-token" },
    otherConfig: { secret: "other-token" },
    sign: (_body, _ts, config) => ({ headers: { "x-openclaw-token": s(config) } }),
    timestamped: false,
    signsBody: false,
    malformed: [{ headers: { Authorization: "Basic abc" } }],
  },
  {
    type: "panda-doc",
    config: { secret: "pandadoc-shared-key" },
    otherConfig: { secret: "other-shared-key" },
    sign: (body, _ts, config) => ({ query: { signature: hmacHex("sha256", s(config), body) } }),
    timestamped: false,
    signsBody: true,
    malformed: [{ query: { signature: "" } }, { query: { signature: "xyz" } }],
  },
  {
    type: "port-io",
    config: { secret: "port-client-secret" },
    otherConfig: { secret: "port-other" },
    sign: (body, ts, config) => ({
      headers: { "x-port-timestamp": sec(ts), "x-port-signature": `v1,${hmacB64("sha256", s(config), `${sec(ts)}.${body}`)}` },
    }),
    timestamped: true,
    signsBody: true,
    malformed: [{ headers: { "x-port-timestamp": "1717200000", "x-port-signature": "sha256=abc" } }],
  },
  {
    type: "rutter",
    config: { secret: "rutter-client-secret" },
    otherConfig: { secret: "rutter-other" },
    sign: (body, _ts, config) => ({ headers: { "X-Rutter-Signature": `sha256=${hmacB64("sha256", s(config), body)}` } }),
    timestamped: false,
    signsBody: true,
    malformed: [{ headers: { "X-Rutter-Signature": "v1,abc" } }],
  },
  {
    type: "segment",
    config: { secret: "segment-shared-secret" },
    otherConfig: { secret: "segment-other" },
    sign: (body, _ts, config) => ({ headers: { "X-Signature": hmacHex("sha1", s(config), body) } }),
    timestamped: false,
    signsBody: true,
    malformed: [{ headers: { "X-Signature": "sha1=" } }],
  },
  {
    type: "tailscale",
    config: { secret: "tskey-webhook-xxxxx", timestampGraceSeconds: 300 },
    otherConfig: { secret: "tskey-webhook-yyyyy", timestampGraceSeconds: 300 },
    sign: (body, ts, config) => ({
      headers: { "Tailscale-Webhook-Signature": `t=${sec(ts)},v1=${hmacHex("sha256", s(config), `${sec(ts)}.${body}`)}` },
    }),
    timestamped: true,
    signsBody: true,
    malformed: [{ headers: { "Tailscale-Webhook-Signature": "v1=abc" } }, { headers: { "Tailscale-Webhook-Signature": "t=x,v1=abc" } }],
  },
  {
    type: "telnyx",
    config: { publicKey: telnyxKeys[0].publicKey },
    otherConfig: { publicKey: telnyxKeys[1].publicKey },
    sign(body, ts, config) {
      const key = telnyxPrivate.get(String(config.publicKey));
      if (!key) throw new Error("unknown test key");
      const signature = edSign(null, Buffer.from(`${sec(ts)}|${body}`), key).toString("base64");
      return { headers: { "telnyx-timestamp": sec(ts), "telnyx-signature-ed25519": signature } };
    },
    timestamped: true,
    signsBody: true,
    malformed: [{ headers: { "telnyx-timestamp": "1717200000", "telnyx-signature-ed25519": "c2hvcnQ=" } }],
  },
  {
    type: "vapi",
    config: { secret: "vapi-server-secret" },
    otherConfig: { secret: "vapi-other" },
    sign: (body, _ts, config) => ({ headers: { "x-vapi-signature": hmacHex("sha256", s(config), body) } }),
    timestamped: false,
    signsBody: true,
    malformed: [{ headers: { "x-vapi-signature": "" } }],
  },
  {
    type: "veriff",
    config: { secret: "veriff-shared-secret" },
    otherConfig: { secret: "veriff-other" },
    sign: (body, _ts, config) => ({ headers: { "X-HMAC-SIGNATURE": hmacHex("sha256", s(config), body) } }),
    timestamped: false,
    signsBody: true,
    malformed: [{ headers: { "X-HMAC-SIGNATURE": "sha256=abc" } }],
  },
  {
    type: "zoom",
    config: { secret: "zoom-secret-token" },
    otherConfig: { secret: "zoom-other-token" },
    sign: (body, ts, config) => ({
      headers: { "x-zm-request-timestamp": sec(ts), "x-zm-signature": `v0=${hmacHex("sha256", s(config), `v0:${sec(ts)}:${body}`)}` },
    }),
    timestamped: true,
    signsBody: true,
    malformed: [{ headers: { "x-zm-request-timestamp": "1717200000", "x-zm-signature": "v1=abc" } }],
  },
];
