// An application's polling endpoints in the UI: add one (members), replace its consumer key
// (admins, as for signing secrets) and delete it. A new key is shown in that answer only, on the
// application page; a redirect would have to carry it in a cookie or URL.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import type { PollingEndpointFields } from "../../store/polling-endpoints";
import { DuplicateError } from "../../store/store-errors";
import { outboundServices } from "../api/services";
import { pollUrl } from "../api/polling-endpoints";
import { CHANNEL_RE, UID_RE } from "../api/validate";
import type { PollerFormState } from "../../../views/partials/polling-endpoints";
import { uiSession } from "./session";
import { uiRoute, notFoundPage, redirectWithFlash, type UiCall } from "./ui-route";
import { appPage } from "./application-pages";
import { splitList } from "./endpoint-form";
import { checkEndpointQuota } from "../limits";
import { ApiError } from "../errors";

const items = (s: string) => [...new Set(splitList(s))];

/** The form's three fields, checked as the API checks them. */
function parseForm(ctx: AppContext, c: UiCall): { state: PollerFormState; fields: PollingEndpointFields | null } {
  const state: PollerFormState = { uid: c.form.str("uid"), eventTypes: c.form.str("event_types"), channels: c.form.str("channels"), errors: {} };
  const errors = state.errors!;
  if (state.uid && (state.uid.length > 256 || !UID_RE.test(state.uid))) errors.uid = "Letters, digits and - _ . only (at most 256).";
  const types = items(state.eventTypes ?? "");
  const missing = outboundServices(ctx).eventTypes.missing(types);
  if (missing.length) errors.eventTypes = `Unknown event type(s): ${missing.join(", ")}`;
  const channels = items(state.channels ?? "");
  if (channels.length > 10) errors.channels = "At most 10 channels.";
  else if (channels.some((x) => x.length > 128 || !CHANNEL_RE.test(x))) errors.channels = "Channels use letters, digits and - _ . : only.";
  if (Object.keys(errors).length) return { state, fields: null };
  return { state, fields: { uid: state.uid || null, description: "", filterTypes: types.length ? types : null, channels: channels.length ? channels : null, disabled: false, metadata: {} } };
}

export function pollingPages(ctx: AppContext) {
  const svc = outboundServices(ctx);
  const find = (c: UiCall) => {
    const app = svc.apps.get(c.params.appId);
    const poller = app ? svc.pollers.get(app.id, c.params.pollerId) : null;
    return app && poller ? { app, poller } : null;
  };
  return new Elysia()
    .use(uiSession(ctx))
    .post("/applications/:appId/polling-endpoints", uiRoute(ctx, (c) => {
      const app = svc.apps.get(c.params.appId);
      if (!app) return notFoundPage(c, "application");
      const { state, fields } = parseForm(ctx, c);
      if (!fields) return appPage(ctx, c, app.id, { pollerForm: state }, 422);
      try { checkEndpointQuota(ctx, svc.pollers.countForApp(app.id), "polling endpoints"); } catch (e) {
        if (e instanceof ApiError) return appPage(ctx, c, app.id, { pollerForm: { ...state, errors: { uid: e.detail } } }, 409);
        throw e;
      }
      try {
        const { row, key } = svc.pollers.create(app.id, fields, c.now);
        c.audit("polling_endpoint.create", row.id, { appId: app.id, via: "ui" });
        return appPage(ctx, c, app.id, { pollerShown: { label: row.uid ?? row.id, url: pollUrl(ctx, c.request, app.id, row.id), key } });
      } catch (e) {
        if (!(e instanceof DuplicateError)) throw e;
        return appPage(ctx, c, app.id, { pollerForm: { ...state, errors: { uid: e.message } } }, 409);
      }
    }))
    .post("/applications/:appId/polling-endpoints/:pollerId/rotate-key", uiRoute(ctx, (c) => {
      const f = find(c);
      if (!f) return notFoundPage(c, "polling endpoint");
      const key = svc.pollers.rotateKey(f.poller, c.now);
      c.audit("polling_endpoint.rotate_key", f.poller.id, { appId: f.app.id, via: "ui" });
      return appPage(ctx, c, f.app.id, { pollerShown: { label: f.poller.uid ?? f.poller.id, url: pollUrl(ctx, c.request, f.app.id, f.poller.id), key } });
    }, { admin: true }))
    .post("/applications/:appId/polling-endpoints/:pollerId/delete", uiRoute(ctx, (c) => {
      const f = find(c);
      if (!f) return notFoundPage(c, "polling endpoint");
      svc.pollers.delete(f.poller);
      c.audit("polling_endpoint.delete", f.poller.id, { appId: f.app.id, via: "ui" });
      return redirectWithFlash(ctx, c.request, `/applications/${encodeURIComponent(f.app.id)}#polling-endpoints`, { kind: "success", message: "Polling endpoint deleted." });
    }));
}
