// The event type recorded on a captured request's message: the provider's own name for the event when
// the source type says where it lives, else "ingest". Used for display and outbound-style filtering.
import { readPath } from "./dedupe";

type Extractor = { header?: string; json?: string };

const STANDARD_WEBHOOKS: Extractor[] = [{ json: "type" }];
const BY_TYPE: Record<string, Extractor[]> = {
  github: [{ header: "x-github-event" }],
  shopify: [{ header: "x-shopify-topic" }],
  stripe: [{ json: "type" }],
  slack: [{ json: "event.type" }, { json: "type" }],
  zoom: [{ json: "event" }],
  meta: [{ json: "object" }],
  hubspot: [{ json: "0.subscriptionType" }],
  segment: [{ json: "type" }],
  vapi: [{ json: "message.type" }],
  telnyx: [{ json: "data.event_type" }],
  docusign: [{ json: "event" }],
  easypost: [{ json: "description" }],
  svix: STANDARD_WEBHOOKS, "standard-webhooks": STANDARD_WEBHOOKS, clerk: STANDARD_WEBHOOKS, resend: STANDARD_WEBHOOKS,
  "open-ai": STANDARD_WEBHOOKS, replicate: STANDARD_WEBHOOKS, lithic: STANDARD_WEBHOOKS, brex: STANDARD_WEBHOOKS,
};

const SAFE = /^[A-Za-z0-9_.:\-\/]{1,200}$/;
export const DEFAULT_EVENT_TYPE = "ingest";

/** `body` parses the request body on demand: source types that name the event in a header, or not at all, never parse it. */
export function eventTypeOf(sourceType: string, headers: Headers, body: () => unknown): string {
  for (const ex of BY_TYPE[sourceType] ?? []) {
    const v = ex.header ? headers.get(ex.header) : readPath(body(), ex.json!);
    if (typeof v === "string" && SAFE.test(v)) return v;
  }
  return DEFAULT_EVENT_TYPE;
}
