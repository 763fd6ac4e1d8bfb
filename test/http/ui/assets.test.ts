// Static assets: pages link content-hashed URLs that may be cached for a year, every asset is served
// gzipped to clients that accept it, and the plain URLs keep working (scripts and the smoke test use them).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import type { TestApp } from "../../helpers/test-app";
import { acceptsGzip, hashedName } from "../../../src/http/ui/assets";
import { client, uiApp } from "./ui-client";

const NAMES = ["app.css", "pages.css", "htmx.min.js", "htmx-ext-sse.js", "app.js"];
let t: TestApp;
let html = "";
beforeAll(async () => {
  t = await uiApp();
  html = await (await client(t)).html("/login");
});
afterAll(() => t.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(t.url + path, { headers: { "accept-encoding": "identity", ...headers }, decompress: false } as RequestInit);

/** The URL the page links for an asset. */
function linked(name: string): string {
  const dot = name.lastIndexOf(".");
  const re = new RegExp(`(?:href|src)="(/assets/${name.slice(0, dot).replace(/\./g, "\\.")}\\.[0-9a-f]{12}${name.slice(dot).replace(/\./g, "\\.")})"`);
  const m = re.exec(html);
  if (!m) throw new Error(`${name} is not linked by a hashed URL`);
  return m[1];
}

describe("static assets", () => {
  test("pages link every asset by a URL carrying a hash of its content", async () => {
    for (const name of NAMES) {
      const url = linked(name);
      const plain = new Uint8Array(await (await get(`/assets/${name}`)).arrayBuffer());
      const hash = createHash("sha256").update(plain).digest("hex").slice(0, 12);
      expect(url).toBe(`/assets/${hashedName(name, hash)}`);
    }
    expect(html).not.toContain('"/assets/app.css"');
  });

  test("a hashed URL is cacheable for a year as immutable and serves the same bytes as the plain URL", async () => {
    for (const name of NAMES) {
      const res = await get(linked(name));
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(res.headers.get("content-type")).toMatch(name.endsWith(".css") ? /^text\/css/ : /^text\/javascript/);
      expect(res.headers.get("content-encoding")).toBeNull();
      const plain = await get(`/assets/${name}`);
      expect(plain.headers.get("cache-control")).toBe("public, max-age=3600");
      expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(await plain.arrayBuffer()))).toBe(true);
    }
  });

  test("clients that accept gzip get the asset gzipped, smaller, and it inflates to the exact bytes", async () => {
    for (const path of [linked("htmx.min.js"), "/assets/htmx.min.js", linked("app.css")]) {
      const raw = Buffer.from(await (await get(path)).arrayBuffer());
      const res = await get(path, { "accept-encoding": "gzip, deflate, br" });
      expect(res.headers.get("content-encoding")).toBe("gzip");
      expect(res.headers.get("vary")).toBe("accept-encoding");
      const zipped = Buffer.from(await res.arrayBuffer());
      expect(zipped.length).toBeLessThan(raw.length / 2);
      expect(gunzipSync(zipped).equals(raw)).toBe(true);
    }
    expect((await get("/assets/app.js", { "accept-encoding": "gzip;q=0, identity" })).headers.get("content-encoding")).toBeNull();
  });

  test("a revalidation with the current ETag answers 304 without a body", async () => {
    const first = await get("/assets/app.js");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{12}"$/);
    const again = await get("/assets/app.js", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  test("Accept-Encoding is read by its q-values", () => {
    expect(acceptsGzip("gzip")).toBe(true);
    expect(acceptsGzip("br, GZIP;q=0.5")).toBe(true);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("gzip;q=0")).toBe(false);
    expect(acceptsGzip("*, gzip;q=0")).toBe(false);
    expect(acceptsGzip("identity")).toBe(false);
    expect(acceptsGzip(null)).toBe(false);
  });
});
