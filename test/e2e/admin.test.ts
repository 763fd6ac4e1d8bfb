// Admin work in a real browser: add a user, create an API token (shown once, then only its prefix),
// reveal an endpoint's signing secret, and find both in the audit log.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { TestApp } from "../helpers/test-app";
import { CHROMIUM, E2E_TIMEOUT, newPage, shot, signedInBrowser, signIn, startApp } from "./browser";

let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
let endpointPath = "";
let appPath = "";

beforeAll(async () => {
  if (!CHROMIUM) return;
  t = await startApp();
  await t.api("/api/v1/event-type", { body: { name: "order.created", description: "An order was placed" } });
  const app = (await (await t.api("/api/v1/app", { body: { name: "Initech" } })).json()) as { id: string };
  const ep = (await (await t.api(`/api/v1/app/${app.id}/endpoint`, { body: { url: "https://hooks.initech.test/in", description: "Production" } })).json()) as { id: string };
  appPath = `/applications/${app.id}`;
  endpointPath = `${appPath}/endpoints/${ep.id}`;
  ({ browser, context, page, errors } = await signedInBrowser(t, "root@example.com", "root long password", "admin"));
}, E2E_TIMEOUT);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

describe.skipIf(!CHROMIUM)("admin settings", () => {
  test("an admin adds a member who can then sign in", async () => {
    await page.goto("/settings/users");
    await page.fill("#add-user #f-email", "bob@example.com");
    await page.fill("#add-user #f-password", "bob long password");
    await page.selectOption("#add-user #f-role", "member");
    await Promise.all([page.waitForLoadState("load"), page.click("#add-user button[type=submit]")]);
    expect(await page.textContent("#flash")).toContain("bob@example.com can now sign in as member");
    expect(await page.textContent("tbody")).toContain("bob@example.com");
    await shot(page, "settings-users");
    const other = await newPage(browser, t);
    await signIn(other.page, "bob@example.com", "bob long password");
    expect(await other.page.textContent(".user-role")).toBe("member");
    await other.context.close();
  }, E2E_TIMEOUT);

  test("a new API token is shown once and works against the API; the list shows only its prefix", async () => {
    await page.goto("/settings/tokens");
    await page.fill("#create-token #f-name", "billing-service");
    await Promise.all([page.waitForLoadState("load"), page.click("#create-token button[type=submit]")]);
    const token = (await page.getAttribute('#new-token button[aria-label="Copy API token"]', "data-copy"))!;
    expect(token).toMatch(/^hr_/);
    expect((await t.api("/api/v1/app", { token })).status).toBe(200);
    await shot(page, "settings-tokens");
    await page.goto("/settings/tokens");
    const html = await page.content();
    expect(html).not.toContain(token);
    expect(html).toContain(`${token.slice(0, 10)}…`);
  }, E2E_TIMEOUT);

  test("revealing an endpoint's secret shows it in place and records it in the audit log", async () => {
    await page.goto(endpointPath);
    await page.click('#secret-slot button:has-text("Reveal")');
    const secret = await page.getAttribute('#secret-slot button[aria-label="Copy signing secret"]', "data-copy");
    expect(secret).toMatch(/^whsec_/);
    await page.goto("/settings/audit?action=endpoint.secret.reveal");
    expect(await page.locator("tbody tr").count()).toBe(1);
    expect(await page.textContent("tbody tr")).toContain("user:root@example.com");
    await page.goto("/settings/audit");
    expect(await page.textContent("tbody")).toContain("token.create");
    await shot(page, "settings-audit");
  }, E2E_TIMEOUT);

  test("the application, event type and help pages render for screenshots without errors", async () => {
    await page.goto(appPath);
    await shot(page, "application");
    await page.goto("/applications");
    await shot(page, "applications");
    await page.goto("/event-types");
    await shot(page, "event-types");
    await page.goto("/docs/verify");
    expect(await page.textContent("h1")).toBe("Verify a webhook");
    // The Meaning column is sentences: body font, wrapped between words (header names stay monospace).
    const meaning = await page.$eval("td.kv-value", (td) => ({ wordBreak: getComputedStyle(td).wordBreak, font: getComputedStyle(td).fontFamily }));
    expect(meaning.wordBreak).toBe("normal");
    expect(meaning.font).not.toContain("mono");
    expect(await page.$eval("th.kv-key", (th) => getComputedStyle(th).fontFamily)).toContain("mono");
    await shot(page, "verify-help");
    const missing = await page.goto("/applications/app_does_not_exist");
    expect(missing!.status()).toBe(404);
    expect(errors).toEqual([]);
  }, E2E_TIMEOUT);
});
