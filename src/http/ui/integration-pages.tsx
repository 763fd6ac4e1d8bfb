// An application's integrations in the UI: admins add one, replace its key and delete it (keys are
// credentials, as API tokens are). A new key is shown in that answer only, on the application page.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { outboundServices } from "../api/services";
import { uiSession } from "./session";
import { uiRoute, notFoundPage, redirectWithFlash, type UiCall } from "./ui-route";
import { appPage } from "./application-pages";

export function integrationPages(ctx: AppContext) {
  const svc = outboundServices(ctx);
  const find = (c: UiCall) => {
    const app = svc.apps.get(c.params.appId);
    const integ = app ? svc.integrations.get(app.id, c.params.integId) : null;
    return app && integ ? { app, integ } : null;
  };
  const admin = { admin: true };
  return new Elysia()
    .use(uiSession(ctx))
    .post("/applications/:appId/integrations", uiRoute(ctx, (c) => {
      const app = svc.apps.get(c.params.appId);
      if (!app) return notFoundPage(c, "application");
      const name = c.form.str("name");
      if (!name || name.length > 256) return appPage(ctx, c, app.id, { integrationForm: { name, error: "Name it after who or what uses the key (at most 256 characters)." } }, 422);
      const { row, key } = svc.integrations.create(app.id, { name, featureFlags: null }, c.now);
      c.audit("integration.create", row.id, { appId: app.id, via: "ui" });
      return appPage(ctx, c, app.id, { integrationShown: { name, key } });
    }, admin))
    .post("/applications/:appId/integrations/:integId/rotate-key", uiRoute(ctx, (c) => {
      const f = find(c);
      if (!f) return notFoundPage(c, "integration");
      const key = svc.integrations.rotateKey(f.integ, c.now);
      c.audit("integration.rotate_key", f.integ.id, { appId: f.app.id, via: "ui" });
      return appPage(ctx, c, f.app.id, { integrationShown: { name: f.integ.name, key } });
    }, admin))
    .post("/applications/:appId/integrations/:integId/delete", uiRoute(ctx, (c) => {
      const f = find(c);
      if (!f) return notFoundPage(c, "integration");
      svc.integrations.delete(f.integ);
      c.audit("integration.delete", f.integ.id, { appId: f.app.id, via: "ui" });
      return redirectWithFlash(ctx, c.request, `/applications/${encodeURIComponent(f.app.id)}#integrations`, { kind: "success", message: `Integration “${f.integ.name}” deleted; its key no longer works.` });
    }, admin));
}
