// The inbound path in a real browser: create a Stripe source that forwards to a loopback receiver,
// watch signed and unsigned requests appear in the live inspector without a reload, read one in full
// (verification, pretty body, copy as curl) and replay it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { TestApp } from "../helpers/test-app";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { liveHubOf } from "../../src/http/ui/live-hub";
import { CHROMIUM, E2E_TIMEOUT, shot, signedInBrowser, startApp, waitForLive } from "./browser";

const SECRET = "whsec_e2e_stripe_signing_secret";
let t: TestApp;
let browser: Browser;
let receiver: Receiver;
let context: BrowserContext;
let page: Page;
let errors: string[];
let ingestUrl = "";

function stripeSigned(body: string): Record<string, string> {
  const ts = Math.floor(t.clock.now() / 1000);
  const sig = createHmac("sha256", SECRET).update(`${ts}.${body}`).digest("hex");
  return { "content-type": "application/json", "stripe-signature": `t=${ts},v1=${sig}` };
}

beforeAll(async () => {
  if (!CHROMIUM) return;
  t = await startApp();
  receiver = startReceiver();
  ({ browser, context, page, errors } = await signedInBrowser(t, "ops@example.com", "ops long password", "admin"));
}, E2E_TIMEOUT);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  receiver?.close();
  await t?.close();
});

describe.skipIf(!CHROMIUM)("sources and the live request inspector", () => {
  test("a Stripe source with a secret and a forwarding URL is created from the sources page", async () => {
    await page.goto("/sources");
    await page.fill("#create-source #f-name", "Stripe test");
    await page.selectOption("#create-source #f-type", "stripe");
    await page.fill("#create-source #f-secret", SECRET);
    await page.fill("#create-source #f-forward_url", `${receiver.url}/fwd`);
    await Promise.all([page.waitForURL(/\/sources\/src_/), page.click("#create-source button[type=submit]")]);
    expect(await page.textContent("h1")).toBe("Stripe test");
    ingestUrl = (await page.getAttribute('button[aria-label="Copy ingest URL"]', "data-copy"))!;
    expect(ingestUrl).toStartWith(`${t.url}/in/`);
    expect(await page.textContent("#source-settings, .card")).not.toContain(SECRET);
  }, E2E_TIMEOUT);

  test("a signed POST appears in the inspector at once and is forwarded", async () => {
    await waitForLive(page);
    const body = JSON.stringify({ id: "evt_1", type: "invoice.paid", data: { amount: 4200 } });
    const res = await fetch(`${ingestUrl}/stripe?attempt=1`, { method: "POST", body, headers: stripeSigned(body) });
    expect(res.status).toBe(200);
    const row = await page.waitForSelector("#request-list li.req-item");
    expect(await row.textContent()).toContain("Accepted");
    expect(await row.textContent()).toContain("/stripe?attempt=1");
    const got = await receiver.waitFor(1);
    expect(JSON.parse(got[0].body).id).toBe("evt_1");
    // The row updates in place once the forward's attempt is recorded: still one row.
    await page.waitForSelector('#request-list li.req-item:has-text("Forwarded")');
    expect(await page.locator("#request-list li.req-item").count()).toBe(1);
  }, E2E_TIMEOUT);

  test("an unsigned POST is captured too, live, as Rejected with the reason", async () => {
    const res = await fetch(ingestUrl, { method: "POST", body: "amount=10&currency=eur", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(401);
    await page.waitForSelector('#request-list li.req-item:has-text("Rejected")');
    expect(await page.locator("#request-list li.req-item").count()).toBe(2);
    await page.click('#request-list li.req-item:has-text("Rejected") a');
    await page.waitForSelector('#request-detail:has-text("Stripe-Signature")');
    expect(await page.textContent("#request-detail")).toContain("Rejected requests are never forwarded");
    expect(await page.textContent("#request-detail")).toContain("currency");
    expect(new URL(page.url()).searchParams.get("request")).toMatch(/^msg_/);
  }, E2E_TIMEOUT);

  test("when the stream drops, the page reconnects by itself, replays without stacking duplicates and keeps receiving", async () => {
    const before = await page.$$eval("#request-list li.req-item", (els) => els.map((e) => e.id));
    // Counts replayed rows that app.js swapped in place instead of inserting.
    await page.evaluate(() => {
      const w = window as unknown as { replaced: number };
      w.replaced = 0;
      document.addEventListener("htmx:sseBeforeMessage", (e) => { if (e.defaultPrevented) w.replaced++; });
    });
    liveHubOf(t.app.ctx).closeStreams();
    await page.waitForSelector('#inspector[data-live="retrying"]');
    await page.waitForSelector('#inspector[data-live="open"]');
    // The reconnect replayed every request since the page loaded; each is still one row, in place.
    await page.waitForFunction((n) => (window as unknown as { replaced: number }).replaced >= n, before.length);
    expect(await page.$$eval("#request-list li.req-item", (els) => els.map((e) => e.id))).toEqual(before);
    const body = JSON.stringify({ id: "evt_2" });
    await fetch(`${ingestUrl}/after-reconnect`, { method: "POST", body, headers: stripeSigned(body) });
    await page.waitForSelector('#request-list li.req-item:has-text("/after-reconnect")');
    const after = await page.$$eval("#request-list li.req-item", (els) => els.map((e) => e.id));
    expect(after.length).toBe(before.length + 1);
    expect(new Set(after).size).toBe(after.length);
  }, E2E_TIMEOUT);

  test("the accepted request shows verification, headers, the pretty body and copy as curl; Replay forwards it again", async () => {
    await page.click('#request-list li.req-item:has-text("/stripe?attempt=1") a');
    await page.waitForSelector('#request-detail:has-text("Signature verified")');
    const detail = await page.textContent("#request-detail");
    expect(detail).toContain("stripe-signature");
    expect(detail).toContain('"invoice.paid"');
    const curl = await page.textContent("#request-detail pre[id^=curl-]");
    expect(curl).toContain("curl -X POST");
    expect(curl).toContain("--data-binary");
    expect(curl).toContain("/stripe?attempt=1");
    await shot(page, "source-inspector");

    const forwarded = (await receiver.waitFor(2)).length;
    await page.click('#request-detail button:has-text("Replay")');
    await page.waitForSelector('#flash:has-text("Replaying to 1 endpoint")');
    await receiver.waitFor(forwarded + 1);
    expect(receiver.requests[forwarded].body).toBe(receiver.requests[0].body);
    expect(errors).toEqual([]);
  }, E2E_TIMEOUT);

  test("the sources list shows the ingest URL with a copy button and the last request", async () => {
    await page.goto("/sources");
    expect(await page.getAttribute('button[aria-label="Copy ingest URL"]', "data-copy")).toBe(ingestUrl);
    expect(await page.textContent("tbody")).toContain("Accepted");
    await shot(page, "sources");
  }, E2E_TIMEOUT);
});
