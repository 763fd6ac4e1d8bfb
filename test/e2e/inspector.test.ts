// The request inspector's right pane in a real browser: before any request it offers a "Try it" curl
// (left-aligned, and marked unsigned where the source verifies signatures); the first request that
// arrives live replaces that pane with its own details, without a reload or a click. Its forwarding
// section expands each attempt to the endpoint's response, as the message page does.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { TestApp } from "../helpers/test-app";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { CHROMIUM, E2E_TIMEOUT, signedInBrowser, startApp, waitForLive } from "./browser";

let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
let receiver: Receiver;

async function source(type: string, config: Record<string, unknown> = {}): Promise<{ id: string; ingestUrl: string }> {
  const r = await t.api("/ingest/api/v1/source", { body: { name: `${type} source`, type, config } });
  return (await r.json()) as { id: string; ingestUrl: string };
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

describe.skipIf(!CHROMIUM)("the inspector's detail pane", () => {
  test("the empty pane's curl reads left-aligned, and the first live request replaces the pane with its details", async () => {
    const s = await source("generic-webhook");
    await page.goto(`/sources/${s.id}`);
    expect(await page.textContent("#request-detail")).toContain("Waiting for the first request");
    expect(await page.$eval("#try-curl", (el) => getComputedStyle(el).textAlign)).toBe("left");
    expect(await page.locator("#request-detail [data-unsigned-note]").count()).toBe(0);
    await waitForLive(page);

    const res = await fetch(`${s.ingestUrl}/first`, { method: "POST", body: '{"hello":"pane"}', headers: { "content-type": "application/json" } });
    const { id } = (await res.json()) as { id: string };
    await page.waitForSelector(`#request-detail [data-request-id="${id}"]`);
    const pane = await page.textContent("#request-detail");
    expect(pane).not.toContain("Waiting for the first request");
    expect(pane).toContain('"pane"');
    expect(await page.getAttribute(`#req-${id} a`, "aria-current")).toBe("true");

    // Later arrivals add rows but leave the open request alone.
    await fetch(`${s.ingestUrl}/second`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    await page.waitForSelector('#request-list li.req-item:has-text("/second")');
    expect(await page.locator(`#request-detail [data-request-id="${id}"]`).count()).toBe(1);
    expect(errors).toEqual([]);
  }, E2E_TIMEOUT);

  test("for a source that verifies signatures, the Try-it curl says it will be rejected", async () => {
    const s = await source("stripe", { secret: "whsec_inspector" });
    await page.goto(`/sources/${s.id}`);
    expect(await page.textContent("#request-detail [data-unsigned-note]")).toContain("will be rejected (401)");
    const res = await fetch(s.ingestUrl, { method: "POST", body: '{"hello":"world"}', headers: { "content-type": "application/json" } });
    expect(res.status).toBe(401);
  }, E2E_TIMEOUT);

  test("each forwarding attempt expands to the endpoint's response status, headers and body, and the error", async () => {
    const s = await source("generic-webhook");
    await t.api(`/ingest/api/v1/source/${s.id}/endpoint`, { body: { url: `${receiver.url}/fwd` } });
    // Nothing listens on the discard port: that endpoint's attempt has no response, only an error.
    await t.api(`/ingest/api/v1/source/${s.id}/endpoint`, { body: { url: "http://127.0.0.1:9/down" } });
    receiver.respond(new Response('{"error":"upstream exploded"}', { status: 502, headers: { "content-type": "application/json", "x-upstream": "edge-7" } }));
    await page.goto(`/sources/${s.id}`);
    await waitForLive(page);
    const res = await fetch(s.ingestUrl, { method: "POST", body: '{"order":1}', headers: { "content-type": "application/json" } });
    const { id } = (await res.json()) as { id: string };
    await receiver.waitFor(1);
    // The forward section is replaced live once the attempt is recorded.
    const attempt = page.locator(`#forward-${id} details.attempt`).first();
    await attempt.waitFor();
    await page.waitForSelector(`#forward-${id} details.attempt:has-text("upstream exploded")`);
    expect(await attempt.getAttribute("open")).not.toBeNull();
    const text = await attempt.textContent();
    expect(text).toContain("502");
    expect(text).toContain("x-upstream");
    expect(text).toContain("edge-7");
    expect(text).toContain("webhook-signature");
    const down = page.locator(`#forward-${id} section[aria-label="Forwarded to http://127.0.0.1:9/down"] details.attempt`).first();
    await down.waitFor();
    expect(await down.locator(".alert").textContent()).toMatch(/connect|refused/i);
    // Expandable: each attempt is a native <details> with a <summary> (clicking it is the browser's
    // own behaviour; clicking here raced the live re-render of the section, so the structure is checked).
    expect(await attempt.locator(":scope > summary").count()).toBe(1);
    expect(await down.evaluate((el) => el.tagName)).toBe("DETAILS");
    expect(errors).toEqual([]);
  }, E2E_TIMEOUT);
});
