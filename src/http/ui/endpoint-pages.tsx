// An application's endpoints: create and edit (URL, event types, channels, headers, retry schedule,
// timeout, throttle), the endpoint page (health, recent attempts live), enable/disable, delete.
// Secrets, test events and recovery are in endpoint-actions.tsx.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import type { EndpointFields, EndpointRow } from "../../store/endpoints";
import { outboundServices } from "../api/services";
import { eventTypesFor } from "../api/endpoints";
import { checkEndpointQuota } from "../limits";
import { countAppEndpoints } from "../../store/quotas";
import { endpointQueriesFor } from "../../store/ui-endpoints";
import { createLiveReads } from "../../store/ui-live";
import { generateSecret } from "../../signing/standard-webhooks";
import { ApiError } from "../errors";
import { DuplicateError } from "../../store/store-errors";
import { EndpointFormPage, type EndpointFormErrors, type EndpointFormValues } from "../../../views/pages/endpoint-form";
import { EndpointPage, EndpointStats } from "../../../views/pages/endpoint";
import { AttemptRow } from "../../../views/partials/attempts";
import { uiSession } from "./session";
import { uiRoute, page, notFoundPage, redirectWithFlash, withQuery, uiTime, type UiCall } from "./ui-route";
import { emptyValues, parseEndpointForm, valuesFromForm, valuesOf } from "./endpoint-form";
import { liveHubOf } from "./live-hub";
import { sseResponse } from "./sse";

const ATTEMPTS_PAGE = 25;
const DAY = 86_400_000;

export const endpointPath = (appId: string, epId: string) => `/applications/${encodeURIComponent(appId)}/endpoints/${encodeURIComponent(epId)}`;

/** The editable fields of a stored endpoint (for updates that change one thing). */
export function fieldsOf(e: EndpointRow): EndpointFields {
  const { id: _i, appId: _a, createdAt: _c, updatedAt: _u, disabledReason: _d, ...rest } = e;
  return rest;
}

/** The app and endpoint named in the path, or null. */
export function findEndpoint(ctx: AppContext, c: UiCall) {
  const svc = outboundServices(ctx);
  const app = svc.apps.get(c.params.appId);
  const ep = app ? svc.endpoints.get(app.id, c.params.epId) : null;
  return app && ep ? { app, ep } : null;
}

/**
 * The event types an endpoint of this application can be subscribed to, and their check: the
 * catalogue's, or the operational events for the built-in operational application.
 */
function typeChoices(ctx: AppContext, app: { uid: string | null }): { names: string[]; missing(types: string[]): string[] } {
  const svc = outboundServices(ctx);
  const operational: readonly string[] | undefined = eventTypesFor(app);
  if (operational) return { names: [...operational], missing: (types) => types.filter((t) => !operational.includes(t)) };
  return { names: svc.eventTypes.list({ limit: 250, iterator: null, order: "ascending" }).data.map((t) => t.name), missing: (types) => svc.eventTypes.missing(types) };
}

function formPage(ctx: AppContext, c: UiCall, app: { id: string; name: string; uid: string | null }, values: EndpointFormValues, errors?: EndpointFormErrors, endpoint?: EndpointRow) {
  const eventTypes = typeChoices(ctx, app).names;
  const schedule = ctx.config.retrySchedule.join(", ");
  return page(<EndpointFormPage shell={c.shell} app={app} endpoint={endpoint} values={values} errors={errors} eventTypes={eventTypes}
    defaultSchedule={schedule} defaultTimeoutSec={ctx.config.requestTimeout / 1000} />, errors ? 422 : 200);
}

function endpointPage(ctx: AppContext, c: UiCall, app: { id: string; name: string; uid: string | null }, ep: EndpointRow) {
  const reads = createLiveReads(ctx.store);
  const before = c.query.before || null;
  const lines = reads.endpointLines(ep.id, before ?? "~", ATTEMPTS_PAGE + 1);
  const base = endpointPath(app.id, ep.id);
  const health = endpointQueriesFor(ctx.store).health(ep.id, c.now - DAY);
  const eventTypes = typeChoices(ctx, app).names;
  const shown = lines.slice(0, ATTEMPTS_PAGE);
  return page(<EndpointPage shell={c.shell} app={app} eventTypes={eventTypes} recoverSince={uiTime(c.now - DAY)}
    endpoint={{ ...ep, failingSince: health.failingSince, headerNames: Object.keys(ep.headers) }}
    health={health} attempts={shown}
    nextHref={lines.length > ATTEMPTS_PAGE ? withQuery(base, { before: shown[shown.length - 1].id }) : null}
    firstHref={before ? base : null}
    liveHref={before ? null : withQuery(`${base}/live`, { after: reads.attemptHead() })} />);
}

export function endpointPages(ctx: AppContext) {
  const svc = outboundServices(ctx);
  const reads = createLiveReads(ctx.store);
  const toggle = (c: UiCall, disable: boolean) => {
    const f = findEndpoint(ctx, c);
    if (!f) return notFoundPage(c, "endpoint");
    svc.endpoints.update(f.ep, { ...fieldsOf(f.ep), disabled: disable }, c.now);
    c.audit(disable ? "endpoint.disable" : "endpoint.enable", f.ep.id, { appId: f.app.id });
    return redirectWithFlash(ctx, c.request, endpointPath(f.app.id, f.ep.id), disable
      ? { kind: "success", message: "Endpoint disabled: new messages are no longer queued for it." }
      : { kind: "success", message: "Endpoint enabled. Use Recover to resend what failed or was missed meanwhile." });
  };
  return new Elysia()
    .use(uiSession(ctx))
    .get("/applications/:appId/endpoints/new", uiRoute(ctx, (c) => {
      const app = svc.apps.get(c.params.appId);
      return app ? formPage(ctx, c, app, emptyValues()) : notFoundPage(c, "application");
    }))
    .post("/applications/:appId/endpoints", uiRoute(ctx, (c) => {
      const app = svc.apps.get(c.params.appId);
      if (!app) return notFoundPage(c, "application");
      const values = valuesFromForm(c.form);
      try { checkEndpointQuota(ctx, countAppEndpoints(ctx.store, app.id)); } catch (e) {
        if (e instanceof ApiError) return formPage(ctx, c, app, values, { form: e.detail });
        throw e;
      }
      const r = parseEndpointForm(ctx, typeChoices(ctx, app), values, null);
      if (!r.ok) return formPage(ctx, c, app, values, r.errors);
      const ep = svc.endpoints.create(app.id, r.fields, generateSecret(), c.now);
      c.audit("endpoint.create", ep.id, { appId: app.id, url: ep.url });
      return redirectWithFlash(ctx, c.request, endpointPath(app.id, ep.id), { kind: "success", message: "Endpoint created. Send it a test event to check it works." });
    }))
    .get("/applications/:appId/endpoints/:epId", uiRoute(ctx, (c) => {
      const f = findEndpoint(ctx, c);
      return f ? endpointPage(ctx, c, f.app, f.ep) : notFoundPage(c, "endpoint");
    }))
    .get("/applications/:appId/endpoints/:epId/edit", uiRoute(ctx, (c) => {
      const f = findEndpoint(ctx, c);
      return f ? formPage(ctx, c, f.app, valuesOf(f.ep), undefined, f.ep) : notFoundPage(c, "endpoint");
    }))
    .post("/applications/:appId/endpoints/:epId/edit", uiRoute(ctx, (c) => {
      const f = findEndpoint(ctx, c);
      if (!f) return notFoundPage(c, "endpoint");
      const values = valuesFromForm(c.form);
      const r = parseEndpointForm(ctx, typeChoices(ctx, f.app), values, f.ep);
      if (!r.ok) return formPage(ctx, c, f.app, values, r.errors, f.ep);
      try { svc.endpoints.update(f.ep, r.fields, c.now); } catch (e) {
        if (e instanceof DuplicateError) return formPage(ctx, c, f.app, values, { form: e.message }, f.ep);
        throw e;
      }
      c.audit("endpoint.update", f.ep.id, { appId: f.app.id, url: r.fields.url });
      return redirectWithFlash(ctx, c.request, endpointPath(f.app.id, f.ep.id), { kind: "success", message: "Endpoint saved." });
    }))
    .post("/applications/:appId/endpoints/:epId/enable", uiRoute(ctx, (c) => toggle(c, false)))
    .post("/applications/:appId/endpoints/:epId/disable", uiRoute(ctx, (c) => toggle(c, true)))
    .post("/applications/:appId/endpoints/:epId/delete", uiRoute(ctx, (c) => {
      const f = findEndpoint(ctx, c);
      if (!f) return notFoundPage(c, "endpoint");
      svc.endpoints.delete(f.ep);
      c.audit("endpoint.delete", f.ep.id, { appId: f.app.id, url: f.ep.url });
      return redirectWithFlash(ctx, c.request, `/applications/${encodeURIComponent(f.app.id)}`, { kind: "success", message: `Endpoint ${f.ep.url} deleted.` });
    }))
    .get("/applications/:appId/endpoints/:epId/stats", uiRoute(ctx, (c) => {
      const f = findEndpoint(ctx, c);
      if (!f) return notFoundPage(c, "endpoint");
      const h = endpointQueriesFor(ctx.store).health(f.ep.id, c.now - DAY);
      return page(<EndpointStats h={h} failing={!!h.failingSince} now={c.now} statsHref={`${endpointPath(f.app.id, f.ep.id)}/stats`} />);
    }))
    .get("/applications/:appId/endpoints/:epId/live", uiRoute(ctx, (c) => {
      const f = findEndpoint(ctx, c);
      if (!f) return notFoundPage(c, "endpoint");
      const after = Number(c.query.after) || 0;
      return sseResponse(c.request, (sink) => {
        const sent = new Set<string>();
        const push = async (line: ReturnType<typeof reads.attemptLine>) => {
          if (!line || sent.has(line.id) || sink.closed) return;
          sent.add(line.id);
          sink.send("attempt", String(await (<AttemptRow a={line} now={ctx.clock.now()} />)));
        };
        const off = liveHubOf(ctx).subscribe(`ep:${f.ep.id}`, (s) => { if (s.kind === "attempt") void push(reads.attemptLine(s.ref.id)); });
        for (const line of reads.endpointLinesAfter(f.ep.id, after, 200)) void push(line);
        return off;
      }, liveHubOf(ctx).streams);
    }));
}

