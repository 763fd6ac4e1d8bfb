// First run, sign-in and sign-out in a real browser: the one-time setup link creates the admin, a
// wrong password is refused with one message, and signing out really ends the session.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import type { TestApp } from "../helpers/test-app";
import { CHROMIUM, E2E_TIMEOUT, launchBrowser, newPage, shot, startApp } from "./browser";

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  if (!CHROMIUM) return;
  t = await startApp();
  browser = await launchBrowser();
}, E2E_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe.skipIf(!CHROMIUM)("first run and sign-in", () => {
  test("before setup, the login page explains how to get in and the dashboard redirects there", async () => {
    const { page, context, errors } = await newPage(browser, t);
    await page.goto("/");
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(await page.textContent("#login-error")).toContain("setup link");
    expect(errors).toEqual([]);
    await context.close();
  }, E2E_TIMEOUT);

  test("the setup link creates the first admin, who lands signed in on the dashboard", async () => {
    const token = new URL(t.app.ctx.services.setupLink as string).searchParams.get("token")!;
    const { page, context, errors } = await newPage(browser, t);
    await page.goto(`/setup?token=${encodeURIComponent(token)}`);
    await shot(page, "setup");
    await page.fill("#f-email", "admin@example.com");
    await page.fill("#f-password", "correct horse battery");
    await page.fill("#f-confirm", "correct horse battery");
    await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.click("button[type=submit]")]);
    expect(await page.textContent("h1")).toBe("Dashboard");
    expect(await page.textContent(".user-email")).toBe("admin@example.com");
    expect(errors).toEqual([]);
    await context.close();
  }, E2E_TIMEOUT);

  test("a wrong password is refused with one message and no session; the right one signs in; sign-out ends it", async () => {
    const { page, context, errors } = await newPage(browser, t);
    await page.goto("/login");
    await page.fill("#f-email", "admin@example.com");
    await page.fill("#f-password", "not the password");
    await page.click("button[type=submit]");
    await page.waitForSelector("#login-error");
    expect(await page.textContent("#login-error")).toContain("Wrong email or password.");
    expect((await context.cookies()).some((c) => c.name === "hr_session")).toBe(false);
    await shot(page, "login-wrong-password");

    await page.fill("#f-password", "correct horse battery");
    await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.click("button[type=submit]")]);
    expect((await context.cookies()).find((c) => c.name === "hr_session")?.httpOnly).toBe(true);

    await Promise.all([page.waitForURL((u) => u.pathname === "/login"), page.click('button[aria-label="Sign out"]')]);
    await page.goto("/applications");
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(errors).toEqual([]);
    await context.close();
  }, E2E_TIMEOUT);
});
