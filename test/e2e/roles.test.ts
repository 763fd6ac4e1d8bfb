// Roles and CSRF in a real browser: a member operates (disable/enable an endpoint) but is refused the
// admin-only actions (reveal a secret, manage users and tokens), and a POST without the CSRF token is
// refused even with a valid session cookie.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { TestApp } from "../helpers/test-app";
import { CHROMIUM, E2E_TIMEOUT, shot, signedInBrowser, startApp } from "./browser";

let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
let endpointPath = "";

beforeAll(async () => {
  if (!CHROMIUM) return;
  t = await startApp();
  const app = (await (await t.api("/api/v1/app", { body: { name: "Globex", uid: "globex" } })).json()) as { id: string };
  const ep = (await (await t.api(`/api/v1/app/${app.id}/endpoint`, { body: { url: "http://127.0.0.1:9/hook" } })).json()) as { id: string };
  endpointPath = `/applications/${app.id}/endpoints/${ep.id}`;
  ({ browser, context, page, errors } = await signedInBrowser(t, "member@example.com", "member long password", "member"));
}, E2E_TIMEOUT);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

/** A same-origin POST from the signed-in page (session cookie sent), optionally with the CSRF header. */
const postFromPage = (path: string, withCsrf: boolean) => page.evaluate(async ({ path, withCsrf }) => {
  const token = document.querySelector('meta[name="csrf-token"]')!.getAttribute("content")!;
  const res = await fetch(path, { method: "POST", body: new URLSearchParams({ name: "Sneaky" }), headers: withCsrf ? { "x-csrf-token": token } : {} });
  return { status: res.status, text: await res.text() };
}, { path, withCsrf });

describe.skipIf(!CHROMIUM)("roles and CSRF", () => {
  test("a member can disable and enable an endpoint", async () => {
    await page.goto(endpointPath);
    await Promise.all([page.waitForLoadState("load"), page.click("#disable-endpoint")]);
    expect(await page.textContent(".page-header .badge[data-status]")).toBe("Disabled");
    await Promise.all([page.waitForLoadState("load"), page.click("#enable-endpoint")]);
    expect(await page.textContent(".page-header .badge[data-status]")).toBe("Enabled");
  }, E2E_TIMEOUT);

  test("a member sees no Reveal button and the server refuses the reveal with 403", async () => {
    await page.goto(endpointPath);
    expect(await page.textContent("#secret-slot")).toContain("Only admins can reveal it.");
    expect(await page.locator('#secret-slot button:has-text("Reveal")').count()).toBe(0);
    const res = await postFromPage(`${endpointPath}/secret/reveal`, true);
    expect(res.status).toBe(403);
    expect(res.text).not.toContain("whsec_");
  }, E2E_TIMEOUT);

  test("a member is refused the users and tokens pages, and creating a token", async () => {
    const users = await page.goto("/settings/users");
    expect(users!.status()).toBe(403);
    expect(await page.textContent("h1")).toContain("You don’t have access");
    await shot(page, "member-refused");
    expect((await postFromPage("/settings/tokens", true)).status).toBe(403);
    await page.goto("/settings");
    expect(new URL(page.url()).pathname).toBe("/settings/account");
    expect(await page.locator('a[href="/settings/users"]').count()).toBe(0);
  }, E2E_TIMEOUT);

  test("a state-changing POST without the CSRF token is refused even with a valid session, and changes nothing", async () => {
    await page.goto("/applications");
    const refused = await postFromPage("/applications", false);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("CSRF");
    const accepted = await postFromPage("/applications", true);
    expect(accepted.status).toBe(200); // fetch followed the 303 to the new application's page
    const names = t.app.ctx.store.sqlite.query("SELECT name FROM applications ORDER BY name").all() as { name: string }[];
    expect(names.map((n) => n.name)).toEqual(["Globex", "Sneaky"]);
    expect(errors).toEqual([]);
  }, E2E_TIMEOUT);
});
