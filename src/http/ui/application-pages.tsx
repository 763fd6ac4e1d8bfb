// Applications: list with a name filter, create, the application page (endpoints, recent messages,
// send a message, rename) and delete (admin).
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { outboundServices } from "../api/services";
import { appFields } from "../api/applications";
import { parseMessage } from "../api/messages";
import { ApiError, ValidationError } from "../errors";
import { DuplicateError } from "../../store/store-errors";
import { newMessageId } from "../../store/messages";
import { endpointQueriesFor } from "../../store/ui-endpoints";
import { messageQueriesFor } from "../../store/ui-messages";
import { ApplicationsPage } from "../../../views/pages/applications";
import { ApplicationPage, type ApplicationPageProps } from "../../../views/pages/application";
import { uiSession } from "./session";
import { uiRoute, page, notFoundPage, redirectWithFlash, withQuery, type UiCall } from "./ui-route";
import { messageListItems } from "./message-pages";
import { pollUrl } from "../api/polling-endpoints";

const PAGE = 50;

function appErrors(e: unknown): { name?: string; uid?: string } | null {
  if (e instanceof DuplicateError) return { uid: e.message };
  if (e instanceof ValidationError) return e.field === "uid" ? { uid: e.msg } : { name: e.msg };
  return null;
}

function listPage(ctx: AppContext, c: UiCall, form?: { name?: string; uid?: string; errors?: { name?: string; uid?: string } }) {
  const q = c.query.q?.trim() ?? "";
  const cursor = c.query.before || null;
  const r = endpointQueriesFor(ctx.store).searchApps({ text: q, cursor, limit: PAGE });
  return page(<ApplicationsPage shell={c.shell} apps={r.rows} q={q} form={form}
    nextHref={r.next ? withQuery("/applications", { q, before: r.next }) : null}
    firstHref={cursor ? withQuery("/applications", { q }) : null} />, form ? 422 : 200);
}

export function appPage(ctx: AppContext, c: UiCall, appId: string,
  extra: Pick<ApplicationPageProps, "send" | "rename" | "pollerForm" | "pollerShown" | "integrationForm" | "integrationShown"> = {}, status = 200) {
  const svc = outboundServices(ctx);
  const app = svc.apps.get(appId);
  if (!app) return notFoundPage(c, "application");
  const after = c.query.endpoints_after || null;
  const eps = svc.endpoints.list(app.id, { limit: PAGE, iterator: after, order: "ascending" });
  const recent = messageQueriesFor(ctx.store).search({ appId: app.id, limit: 10 });
  const eventTypes = svc.eventTypes.list({ limit: 250, iterator: null, order: "ascending" }).data.map((t) => t.name);
  const failing = endpointQueriesFor(ctx.store).failingSince(eps.data.map((e) => e.id));
  const endpoints = eps.data.map((e) => ({ ...e, failingSince: failing.get(e.id) ?? null }));
  const pollers = svc.pollers.list(app.id, { limit: PAGE, iterator: null, order: "ascending" }).data.map((x) => ({ ...x, url: pollUrl(ctx, c.request, app.id, x.id) }));
  const integrations = svc.integrations.list(app.id, { limit: PAGE, iterator: null, order: "ascending" }).data;
  return page(<ApplicationPage shell={c.shell} app={app} endpoints={endpoints} eventTypes={eventTypes} pollers={pollers} integrations={integrations} {...extra}
    recent={messageListItems(ctx, recent.rows)}
    endpointsNextHref={eps.done ? null : withQuery(`/applications/${encodeURIComponent(app.id)}`, { endpoints_after: eps.iterator })}
    endpointsFirstHref={after ? `/applications/${encodeURIComponent(app.id)}` : null} />, status);
}

export function applicationPages(ctx: AppContext) {
  const svc = outboundServices(ctx);
  return new Elysia()
    .use(uiSession(ctx))
    .get("/applications", uiRoute(ctx, (c) => listPage(ctx, c)))
    .post("/applications", uiRoute(ctx, (c) => {
      const raw = { name: c.form.str("name"), uid: c.form.str("uid") || null };
      try {
        const app = svc.apps.create(appFields(raw, null), c.now);
        c.audit("application.create", app.id, { name: app.name });
        return redirectWithFlash(ctx, c.request, `/applications/${encodeURIComponent(app.id)}`, { kind: "success", message: `Application “${app.name}” created. Add an endpoint next.` });
      } catch (e) {
        const errors = appErrors(e);
        if (!errors) throw e;
        return listPage(ctx, c, { name: raw.name, uid: raw.uid ?? "", errors });
      }
    }))
    .get("/applications/:appId", uiRoute(ctx, (c) => appPage(ctx, c, c.params.appId)))
    .post("/applications/:appId", uiRoute(ctx, (c) => {
      const app = svc.apps.get(c.params.appId);
      if (!app) return notFoundPage(c, "application");
      const raw = { name: c.form.str("name"), uid: c.form.str("uid") || null };
      try {
        svc.apps.update(app, appFields(raw, app), c.now);
      } catch (e) {
        const errors = appErrors(e);
        if (!errors) throw e;
        return appPage(ctx, c, app.id, { rename: { name: raw.name, uid: raw.uid ?? "", errors } }, 422);
      }
      return redirectWithFlash(ctx, c.request, `/applications/${encodeURIComponent(app.id)}`, { kind: "success", message: "Saved." });
    }))
    .post("/applications/:appId/delete", uiRoute(ctx, (c) => {
      const app = svc.apps.get(c.params.appId);
      if (!app) return notFoundPage(c, "application");
      svc.apps.delete(app.id);
      svc.endpointCache.invalidate(app.id);
      c.audit("application.delete", app.id, { name: app.name });
      return redirectWithFlash(ctx, c.request, "/applications", { kind: "success", message: `Application “${app.name}” deleted.` });
    }, { admin: true }))
    .post("/applications/:appId/messages", uiRoute(ctx, async (c) => {
      const app = svc.apps.get(c.params.appId);
      if (!app) return notFoundPage(c, "application");
      const eventType = c.form.str("event_type");
      const text = c.form.str("payload");
      let payload: unknown;
      try { payload = JSON.parse(text); } catch {
        return appPage(ctx, c, app.id, { send: { eventType, payload: text, error: "This is not valid JSON." } }, 422);
      }
      let m;
      try { m = parseMessage({ eventType, payload }, app.id, c.now, ctx.config.maxPayload, text.trim()); } catch (e) {
        if (!(e instanceof ValidationError || e instanceof ApiError)) throw e;
        return appPage(ctx, c, app.id, { send: { eventType, payload: text, error: e instanceof ValidationError ? `${e.field}: ${e.msg}` : e.detail } }, 422);
      }
      const id = newMessageId(c.now);
      const n = await svc.messages.create(id, m, c.now);
      return redirectWithFlash(ctx, c.request, `/messages/${encodeURIComponent(id)}`,
        { kind: n ? "success" : "warning", message: n ? `Message sent to ${n} endpoint${n === 1 ? "" : "s"}.` : "Message stored, but no enabled endpoint is subscribed to this event type." });
    }));
}
