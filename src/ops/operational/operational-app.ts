// The built-in application that operational webhooks are sent from (uid `hookrelay-operational`).
// It is an ordinary application: its endpoints are signed, retried and logged like any other, and an
// operator can add more endpoints to it through the Svix API. --operational-webhook-url keeps one
// endpoint (uid `operational-webhook`) pointing at the configured URL.
import type { AppContext } from "../../app-context";
import { outboundServices } from "../../http/api/services";
import { generateSecret } from "../../signing/standard-webhooks";
import type { EndpointFields } from "../../store/endpoints";
import { checkDestinationUrl } from "../../delivery/net";
import { StartupError } from "../../app";

import { OPERATIONAL_APP_UID } from "./operational-types";

export { OPERATIONAL_APP_UID };
export const OPERATIONAL_ENDPOINT_UID = "operational-webhook";

const endpointFields = (url: string): EndpointFields => ({
  uid: OPERATIONAL_ENDPOINT_UID, url, description: "Operational events of this hookrelay (--operational-webhook-url)", version: 1, disabled: false,
  throttleRate: null, maxInFlight: null, filterTypes: null, channels: null, headers: {}, metadata: {}, retrySchedule: null, timeoutMs: null,
});

/**
 * The operational app's id, or null while it does not exist. Looked up each time (alerts are rare):
 * the app can appear after start, created by the operational-webhook endpoint API.
 */
export function operationalAppId(ctx: AppContext): string | null {
  return outboundServices(ctx).apps.get(OPERATIONAL_APP_UID)?.id ?? null;
}

/** The operational app, created when missing (the operational-webhook endpoint API adds endpoints to it). */
export function createOperationalApp(ctx: AppContext): string {
  const svc = outboundServices(ctx);
  const app = svc.apps.get(OPERATIONAL_APP_UID) ?? svc.apps.create({ name: "hookrelay operational events", uid: OPERATIONAL_APP_UID, rateLimit: null, metadata: { builtin: "true" } }, ctx.clock.now());
  return app.id;
}

/** The operational app's id, creating the app (and the configured endpoint) when a URL is configured. Null when never configured. */
export function ensureOperationalApp(ctx: AppContext): string | null {
  const svc = outboundServices(ctx);
  const url = ctx.config.operationalWebhookUrl;
  const now = ctx.clock.now();
  if (!url) return operationalAppId(ctx);
  const app = { id: createOperationalApp(ctx) };
  // The same SSRF rule as any endpoint: refuse at start rather than record every alert as "blocked".
  const check = checkDestinationUrl(url, { allowPrivate: ctx.config.allowPrivateDestinations, allowCidrs: ctx.config.allowDestination, httpsOnly: ctx.config.httpsOnlyDestinations });
  if (!check.ok) throw new StartupError(`invalid value for operational-webhook-url: ${check.message.replace(/^url: /, "")}`);
  const configured = ctx.config.operationalWebhookSecret;
  if (configured && !/^whsec_[A-Za-z0-9+/=]{32,}$/.test(configured)) {
    throw new Error("invalid value for operational-webhook-secret: expected whsec_ followed by base64 (24 to 64 bytes)");
  }
  const ep = svc.endpoints.get(app.id, OPERATIONAL_ENDPOINT_UID);
  if (!ep) {
    svc.endpoints.create(app.id, endpointFields(url), configured ?? generateSecret(), now);
    ctx.log.info("operational webhook endpoint created", {
      url, secret: configured ? "from operational-webhook-secret" : `generated: GET /api/v1/app/${OPERATIONAL_APP_UID}/endpoint/${OPERATIONAL_ENDPOINT_UID}/secret`,
    });
  } else {
    if (ep.url !== url) svc.endpoints.update(ep, { ...endpointFields(url), disabled: ep.disabled }, now);
    // A changed configured secret replaces the old one at once: the operator set it deliberately.
    if (configured && svc.endpoints.secret(ep) !== configured) svc.endpoints.rotate(ep, configured, 0, now);
  }
  return app.id;
}
