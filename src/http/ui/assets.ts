// Static assets embedded in the binary (imported as files): htmx, its SSE extension, our CSS and JS.
// Each is read once at startup, hashed and gzipped. Pages link the content-hashed URL
// (/assets/app.<hash>.css), cached for a year as immutable: a new build changes the URL, never the
// bytes behind one. The plain URL (/assets/app.css) keeps working with a short cache.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { Elysia } from "elysia";
import htmxPath from "htmx.org/dist/htmx.min.js" with { type: "file" };
import ssePath from "htmx-ext-sse/dist/sse.min.js" with { type: "file" };
import cssPath from "../../../views/assets/app.css" with { type: "file" };
import pagesCssPath from "../../../views/assets/pages.css" with { type: "file" };
import jsPath from "../../../views/assets/app.js" with { type: "file" };
import { setAssetUrls, type AssetName } from "../../../views/lib/asset-urls";

const SOURCES: Record<AssetName, { path: string; type: string }> = {
  "htmx.min.js": { path: htmxPath, type: "text/javascript; charset=utf-8" },
  "htmx-ext-sse.js": { path: ssePath, type: "text/javascript; charset=utf-8" },
  "app.css": { path: cssPath, type: "text/css; charset=utf-8" },
  "pages.css": { path: pagesCssPath, type: "text/css; charset=utf-8" },
  "app.js": { path: jsPath, type: "text/javascript; charset=utf-8" },
};

const IMMUTABLE = "public, max-age=31536000, immutable";
const SHORT = "public, max-age=3600";

interface Asset { type: string; raw: Uint8Array<ArrayBuffer>; gzip: Uint8Array<ArrayBuffer>; hash: string; hashedUrl: string }

/** "app.css" + "3f2a…" → "/assets/app.3f2a….css" (the hash goes before the last extension). */
export function hashedName(name: string, hash: string): string {
  const dot = name.lastIndexOf(".");
  return `${name.slice(0, dot)}.${hash}${name.slice(dot)}`;
}

/** True when the client takes gzip: listed in Accept-Encoding (or `*`) and not refused with q=0. */
export function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  let star = false;
  for (const part of header.toLowerCase().split(",")) {
    const [coding, ...params] = part.trim().split(";").map((s) => s.trim());
    const q = params.find((p) => p.startsWith("q="));
    const refused = q !== undefined && Number(q.slice(2)) === 0;
    if (coding === "gzip") return !refused;
    if (coding === "*") star = !refused;
  }
  return star;
}

let loaded: Map<AssetName, Asset> | null = null;

/** Reads, hashes and compresses every asset, once per process. */
function load(): Map<AssetName, Asset> {
  if (loaded) return loaded;
  const assets = new Map<AssetName, Asset>();
  for (const [name, src] of Object.entries(SOURCES) as [AssetName, { path: string; type: string }][]) {
    const raw = new Uint8Array(readFileSync(src.path));
    const hash = createHash("sha256").update(raw).digest("hex").slice(0, 12);
    assets.set(name, { type: src.type, raw, gzip: new Uint8Array(gzipSync(raw, { level: 9 })), hash, hashedUrl: `/assets/${hashedName(name, hash)}` });
  }
  return (loaded = assets);
}

function respond(request: Request, a: Asset, cacheControl: string): Response {
  const headers: Record<string, string> = { "content-type": a.type, "cache-control": cacheControl, etag: `"${a.hash}"`, vary: "accept-encoding" };
  if (request.headers.get("if-none-match") === headers.etag) return new Response(null, { status: 304, headers });
  if (acceptsGzip(request.headers.get("accept-encoding"))) {
    headers["content-encoding"] = "gzip";
    return new Response(a.gzip, { headers });
  }
  return new Response(a.raw, { headers });
}

export function assetRoutes() {
  const assets = load();
  // Set at every start, not only the first: the URL table is process-wide and tests reset it.
  setAssetUrls(Object.fromEntries([...assets].map(([name, a]) => [name, a.hashedUrl])));
  const app = new Elysia();
  for (const [name, a] of assets) {
    app.get(`/assets/${name}`, ({ request }) => respond(request, a, SHORT));
    app.get(a.hashedUrl, ({ request }) => respond(request, a, IMMUTABLE));
  }
  return app;
}
