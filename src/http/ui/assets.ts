// Static assets embedded in the binary (imported as files): htmx, its SSE extension, our CSS and JS.
import { Elysia } from "elysia";
import htmxPath from "htmx.org/dist/htmx.min.js" with { type: "file" };
import ssePath from "htmx-ext-sse/dist/sse.min.js" with { type: "file" };
import cssPath from "../../../views/assets/app.css" with { type: "file" };
import pagesCssPath from "../../../views/assets/pages.css" with { type: "file" };
import jsPath from "../../../views/assets/app.js" with { type: "file" };

const ASSETS: Record<string, { path: string; type: string }> = {
  "htmx.min.js": { path: htmxPath, type: "text/javascript; charset=utf-8" },
  "htmx-ext-sse.js": { path: ssePath, type: "text/javascript; charset=utf-8" },
  "app.css": { path: cssPath, type: "text/css; charset=utf-8" },
  "pages.css": { path: pagesCssPath, type: "text/css; charset=utf-8" },
  "app.js": { path: jsPath, type: "text/javascript; charset=utf-8" },
};

export function assetRoutes() {
  const app = new Elysia();
  for (const [name, a] of Object.entries(ASSETS)) {
    app.get(`/assets/${name}`, () => new Response(Bun.file(a.path), {
      headers: { "content-type": a.type, "cache-control": "public, max-age=3600" },
    }));
  }
  return app;
}
