// Registers the UI: auth pages, then the resource pages (each a RouteModule listed in UI_PAGES).
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { registerRoutes, type RouteModule } from "../server";
import { registerFeature } from "../../app";
import { authRoutes } from "./auth-routes";
import { bootstrapAdmin } from "../../auth/bootstrap";

const UI_PAGES: RouteModule[] = [];
/** Page modules call this at import time (see src/features.ts). */
export function registerUiPages(m: RouteModule) { UI_PAGES.push(m); }

// Runs before the server listens; the banner reads ctx.services.bannerLines afterwards.
registerFeature(bootstrapAdmin);

registerRoutes((ctx: AppContext) => {
  const app = new Elysia().use(authRoutes(ctx));
  for (const m of UI_PAGES) app.use(m(ctx));
  return app;
});
