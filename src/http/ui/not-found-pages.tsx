// Unknown paths in the UI answer an HTML 404 page (inside the app shell when signed in); API and
// ingest paths keep their JSON 404s from src/http/server.ts.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { NotFoundPage } from "../../../views/pages/not-found";
import { buildInfo } from "../../build-info";
import { uiSession } from "./session";
import { htmlPage } from "./render";

export function notFoundPages(ctx: AppContext) {
  return new Elysia()
    .use(uiSession(ctx))
    .onError({ as: "global" }, ({ code, request }) => {
      if (code !== "NOT_FOUND") return;
      const path = new URL(request.url).pathname;
      if (path.startsWith("/api/") || path.startsWith("/ingest/") || path.startsWith("/in/")) return;
      return htmlPage(NotFoundPage({ version: buildInfo.version, path }), 404);
    });
}
