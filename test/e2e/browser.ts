// Shared setup for the browser tests: a real headless Chromium (Debian's, driven by playwright-core)
// against the real server from createTestApp(), plus sign-in and screenshot helpers.
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { insertUser, type Role } from "../../src/store/users";
import { hashPassword } from "../../src/auth/passwords";
import { CHROMIUM, LOOPBACK_ONLY_ARGS } from "../helpers/chromium";

export { CHROMIUM };
export const E2E_TIMEOUT = 45_000;
const SHOTS = resolve(import.meta.dir, "../../test-output/screenshots");

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM,
    // Loopback only: test/helpers/chromium.ts explains the flags.
    args: ["--headless", "--no-sandbox", "--disable-gpu", ...LOOPBACK_ONLY_ARGS],
  });
}

/** The real app, with loopback destinations allowed (the receivers are on 127.0.0.1). */
export function startApp(env: Record<string, string> = {}): Promise<TestApp> {
  return createTestApp({ env: { HOOKRELAY_ALLOW_PRIVATE_DESTINATIONS: "true", ...env } });
}

export async function addUser(t: TestApp, email: string, password: string, role: Role) {
  insertUser(t.app.ctx.store, { email, passwordHash: await hashPassword(password), role }, t.clock.now());
}

/** A fresh browser context (own cookies) with a page that fails the test on any page error. */
export async function newPage(browser: Browser, t: TestApp): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL: t.url, viewport: { width: 1360, height: 900 } });
  // The page's clock reads the server's FakeClock, so relative times say "just now", not "25 d ago".
  await context.clock.setFixedTime(new Date(t.clock.now()));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Confirmation prompts (delete, rotate) are answered yes, as a user would.
  page.on("dialog", (d) => void d.accept());
  page.setDefaultTimeout(15_000);
  return { context, page, errors };
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.fill("#f-email", email);
  await page.fill("#f-password", password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click("button[type=submit]")]);
}

/** A user of `role`, a browser and a page signed in as that user: where most browser suites start. */
export async function signedInBrowser(t: TestApp, email: string, password: string, role: Role): Promise<{ browser: Browser; context: BrowserContext; page: Page; errors: string[] }> {
  await addUser(t, email, password, role);
  const browser = await launchBrowser();
  const { context, page, errors } = await newPage(browser, t);
  await signIn(page, email, password);
  return { browser, context, page, errors };
}

/** Saves a full-page screenshot under test-output/screenshots/ (gitignored). */
export async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: true });
}

/** Waits until the page's live stream (htmx sse extension) is connected. */
export async function waitForLive(page: Page) {
  await page.waitForSelector('[sse-connect][data-live="open"]');
}
