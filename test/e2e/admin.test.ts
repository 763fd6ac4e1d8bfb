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

  test("a polling endpoint added on the application page shows its consumer key once; the key reads the application's messages; New key replaces it", async () => {
    await page.goto(appPath);
    await page.fill("#create-poller #f-poller-uid", "nightly-export");
    await page.fill("#create-poller #f-poller-types", "order.created");
    await Promise.all([page.waitForLoadState("load"), page.click("#create-poller button[type=submit]")]);
    const key = (await page.getAttribute('#new-poller-key button[aria-label="Copy consumer key"]', "data-copy"))!;
    const url = (await page.getAttribute('#new-poller-key button[aria-label="Copy poll URL"]', "data-copy"))!;
    expect(key).toMatch(/^hrp_/);
    expect(url).toStartWith(`${t.url}/api/v1/app/`);
    await shot(page, "application-polling");

    const appId = appPath.split("/").pop()!;
    const sent = (await (await t.api(`/api/v1/app/${appId}/msg`, { body: { eventType: "order.created", payload: { order: 7 }, deliverAt: "2030-01-01T00:00:00Z" } })).json()) as { id: string };
    const read = async (k: string) => fetch(url, { headers: { authorization: `Bearer ${k}` } });
    const page1 = (await (await read(key)).json()) as { data: { id: string; payload: unknown }[]; done: boolean };
    expect(page1.data.map((m) => m.id)).toEqual([sent.id]);
    expect(page1.data[0].payload).toEqual({ order: 7 });

    await page.goto(appPath);
    const html = await page.content();
    expect(html).not.toContain(key);
    expect(html).toContain(`${key.slice(0, 10)}…`);
    expect(await page.textContent("#polling-endpoints tbody")).toContain("nightly-export");
    await Promise.all([page.waitForLoadState("load"), page.click('#polling-endpoints tbody button:has-text("New key")')]);
    const next = (await page.getAttribute('#new-poller-key button[aria-label="Copy consumer key"]', "data-copy"))!;
    expect(next).toMatch(/^hrp_/);
    expect(next).not.toBe(key);
    expect((await read(key)).status).toBe(401);
    expect((await read(next)).status).toBe(200);
    expect(errors).toEqual([]);
  }, E2E_TIMEOUT);

  test("an integration added on the application page shows its key once, and the key works on that application only", async () => {
    await page.goto(appPath);
    await page.fill("#create-integration #f-integration-name", "zapier");
    await Promise.all([page.waitForLoadState("load"), page.click("#create-integration button[type=submit]")]);
    const key = (await page.getAttribute('#new-integration-key button[aria-label="Copy integration key"]', "data-copy"))!;
    expect(key).toMatch(/^hri_/);
    await shot(page, "application-integrations");
    const appId = appPath.split("/").pop()!;
    expect((await t.api(`/api/v1/app/${appId}/endpoint`, { token: key })).status).toBe(200);
    expect((await t.api("/api/v1/app", { token: key })).status).toBe(403);
    await page.goto(appPath);
    expect(await page.content()).not.toContain(key);
    expect(await page.textContent("#integrations tbody")).toContain("zapier");
    expect(errors).toEqual([]);
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
