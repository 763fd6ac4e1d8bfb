/**
 * @module views/lib/asset-urls
 * Where the layout links each static asset. The server sets content-hashed URLs at startup
 * (src/http/ui/assets.ts), which browsers may cache for a year; until then, and in view tests
 * that render without a server, the plain `/assets/<name>` URLs are used.
 */

export type AssetName = "app.css" | "pages.css" | "htmx.min.js" | "htmx-ext-sse.js" | "app.js";

const urls = new Map<AssetName, string>();

export function setAssetUrls(map: Partial<Record<AssetName, string>>): void {
  for (const [name, url] of Object.entries(map) as [AssetName, string][]) urls.set(name, url);
}

export function assetUrl(name: AssetName): string {
  return urls.get(name) ?? `/assets/${name}`;
}

/** Back to the plain URLs: for tests that serve the assets themselves without the app. */
export function resetAssetUrls(): void {
  urls.clear();
}
