// `svix` and every ingest source type whose provider sends through Svix (Clerk, Resend, OpenAI, …):
// all of them sign with the Standard Webhooks scheme, with `svix-*` or `webhook-*` headers.
import { decodeSecret, verifyStandardWebhook } from "../standard-webhooks.ts";
import { DEFAULT_TOLERANCE_SEC } from "./common.ts";
import { defineVerifier } from "./define.ts";
import type { SourceVerifier } from "./types.ts";

type SvixConfig = { secret: string };

/** svix SDK `IngestSourceIn` types whose config is `SvixConfig`, plus our own plain alias. */
export const STANDARD_WEBHOOKS_TYPES = [
  "svix",
  "standard-webhooks",
  "beehiiv",
  "brex",
  "clerk",
  "guesty",
  "incident-io",
  "lithic",
  "nash",
  "open-ai",
  "pleo",
  "psi-fi",
  "render",
  "replicate",
  "resend",
  "safebase",
  "sardine",
  "stych",
] as const;

export function standardWebhooksVerifier(type: string): SourceVerifier {
  return defineVerifier<SvixConfig>({
    type,
    secretFields: ["secret"],
    fields: {
      secret: {
        kind: "string",
        required: true,
        check: (value) => (decodeSecret(value) ? null : "must be a whsec_ secret (base64 after the prefix)"),
      },
    },
    verify: (req, { secret }, nowMs) =>
      verifyStandardWebhook({
        secrets: secret,
        headers: req.headers,
        body: req.rawBody,
        nowMs,
        toleranceSec: DEFAULT_TOLERANCE_SEC,
      }),
  });
}
