// Registry of inbound source types: svix ingest `type` strings plus hookrelay's own extensions.
import { airwallex } from "./airwallex.ts";
import { apiKey } from "./api-key.ts";
import { basicAuth } from "./basic-auth.ts";
import { checkbook } from "./checkbook.ts";
import { docusign } from "./docusign.ts";
import { easypost } from "./easypost.ts";
import { genericWebhook } from "./generic-webhook.ts";
import { github } from "./github.ts";
import { hmac } from "./hmac.ts";
import { hubspot } from "./hubspot.ts";
import { meta } from "./meta.ts";
import { nango } from "./nango.ts";
import { openclaw } from "./openclaw.ts";
import { pandaDoc } from "./panda-doc.ts";
import { portIo } from "./port-io.ts";
import { rutter } from "./rutter.ts";
import { segment } from "./segment.ts";
import { shopify } from "./shopify.ts";
import { slack } from "./slack.ts";
import { STANDARD_WEBHOOKS_TYPES, standardWebhooksVerifier } from "./svix.ts";
import { stripe } from "./stripe.ts";
import { tailscale } from "./tailscale.ts";
import { telnyx } from "./telnyx.ts";
import type { SourceVerifier } from "./types.ts";
import { vapi } from "./vapi.ts";
import { veriff } from "./veriff.ts";
import { zoom } from "./zoom.ts";

export type { ConfigResult, HandshakeResponse, InboundRequest, SourceVerifier, VerifyResult } from "./types.ts";

const verifiers = new Map<string, SourceVerifier>();
for (const verifier of [
  genericWebhook,
  github,
  stripe,
  shopify,
  slack,
  ...STANDARD_WEBHOOKS_TYPES.map(standardWebhooksVerifier),
  hmac,
  basicAuth,
  apiKey,
  airwallex,
  checkbook,
  docusign,
  easypost,
  hubspot,
  meta,
  nango,
  openclaw,
  pandaDoc,
  portIo,
  rutter,
  segment,
  tailscale,
  telnyx,
  vapi,
  veriff,
  zoom,
]) {
  verifiers.set(verifier.type, verifier);
}

/** The verifier for a source `type`, or undefined for a type hookrelay does not know. */
export function getVerifier(type: string): SourceVerifier | undefined {
  return verifiers.get(type);
}

/** Every supported source `type`, sorted. */
export function listVerifierTypes(): string[] {
  return [...verifiers.keys()].sort();
}
