// Drives views/assets/app.js in a real browser (playwright-core + a system Chromium) against
// a page rendered by BaseLayout. Skipped when no Chromium is installed: set CHROMIUM_PATH.
import { resetAssetUrls } from "../../../views/lib/asset-urls";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { CopyButton } from "../../../views/components/copy-button.tsx";
import { RelativeTime } from "../../../views/components/time.tsx";
import { BaseLayout } from "../../../views/layouts/base.tsx";
import { CHROMIUM, LOOPBACK_ONLY_ARGS } from "../../helpers/chromium.ts";

const ROOT = resolve(import.meta.dir, "../../..");
const TIMEOUT = 30_000;

const ASSETS: Record<string, string> = {
  "/assets/htmx.min.js": "node_modules/htmx.org/dist/htmx.min.js",
  "/assets/htmx-ext-sse.js": "node_modules/htmx-ext-sse/dist/sse.min.js",
  "/assets/app.js": "views/assets/app.js",
  "/assets/app.css": "views/assets/app.css",
};

const FIVE_MIN_AGO = Date.now() - 5 * 60_000;
let seenCsrf: string | null = null;

async function pageHtml(): Promise<string> {
  return String(await (
    <BaseLayout title="Test" csrfToken="csrf-123" version="test">
      {/* Rendered as if "now" were the event time, so only app.js can turn it into "5 min ago". */}
      <p id="t"><RelativeTime at={FIVE_MIN_AGO} now={FIVE_MIN_AGO} /></p>
      <form id="f" hx-post="/form" hx-swap="outerHTML"><input name="url" value="x" /><button id="save">Save</button></form>
      <button id="boom" hx-post="/boom">Boom</button>
      <CopyButton text="whsec_secret" label="secret" />
      <pre id="body">{"payload body"}</pre>
      <CopyButton target="#body" label="body" compact />
    </BaseLayout>
  ));
}

let server: ReturnType<typeof Bun.serve>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // An app created earlier in this process set content-hashed asset URLs; this page is served by a
  // bare test server that only knows the plain ones.
  resetAssetUrls();
  if (!CHROMIUM) return;
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const path = new URL(req.url).pathname;
      if (ASSETS[path]) return new Response(Bun.file(resolve(ROOT, ASSETS[path])));
      if (path === "/") return new Response(await pageHtml(), { headers: { "content-type": "text/html; charset=utf-8" } });
      if (path === "/form") {
        seenCsrf = req.headers.get("x-csrf-token");
        return new Response('<form id="f2"><p class="field-error">URL is invalid</p></form>', { status: 422, headers: { "content-type": "text/html" } });
      }
      if (path === "/boom") return new Response("nope", { status: 500 });
      return new Response("not found", { status: 404 });
    },
  });
  const { chromium } = await import("playwright-core");
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", ...LOOPBACK_ONLY_ARGS] });
  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url.origin });
  page = await context.newPage();
  await page.goto(server.url.href);
  await page.waitForFunction(() => (window as any).htmx !== undefined);
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  server?.stop(true);
});

describe.skipIf(!CHROMIUM)("app.js in a browser", () => {
  test("rewrites relative times on load and gives them a local-time title", async () => {
    await expect(page.textContent("#t time")).resolves.toBe("5 min ago");
    expect(await page.getAttribute("#t time", "title")).not.toContain("UTC");
  }, TIMEOUT);

  test("sends the CSRF token from the meta tag as x-csrf-token and swaps a 422 form response", async () => {
    await page.click("#save");
    await page.waitForSelector("#f2 .field-error");
    expect(seenCsrf).toBe("csrf-123");
    expect(await page.$("#f")).toBeNull();
  }, TIMEOUT);

  test("keeps the page and shows a dismissible error notice on a 500", async () => {
    await page.click("#boom");
    const notice = await page.waitForSelector('#flash .flash-error[role="alert"]');
    expect(await notice.textContent()).toContain("500");
    expect(await page.$("#boom")).not.toBeNull();
    await page.click("#flash .flash-close");
    expect(await page.$("#flash .flash-error")).toBeNull();
  }, TIMEOUT);

  test("copies data-copy text and a target's text, confirming with 'Copied'", async () => {
    await page.click('button[data-copy="whsec_secret"]');
    await page.waitForSelector('button[data-copy="whsec_secret"][data-copied]');
    expect(await page.textContent('button[data-copy="whsec_secret"] .copy-btn-text')).toBe("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("whsec_secret");
    await page.click('button[data-copy-target="#body"]');
    await page.waitForSelector('button[data-copy-target="#body"][data-copied]');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("payload body");
  }, TIMEOUT);
});
