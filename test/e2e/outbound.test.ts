// The outbound path in a real browser, as a new user walks it: create an event type, an application
// and an endpoint (a loopback receiver), watch a message sent through the API land live, find the
// failed attempt and its response body, fix the endpoint's URL and resend until it succeeds.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { TestApp } from "../helpers/test-app";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { CHROMIUM, E2E_TIMEOUT, shot, signedInBrowser, startApp, waitForLive } from "./browser";

let t: TestApp;
let browser: Browser;
let receiver: Receiver;
let context: BrowserContext;
let page: Page;
let errors: string[];
const state: { appId?: string; endpointPath?: string; endpointId?: string; messageId?: string } = {};

beforeAll(async () => {
  if (!CHROMIUM) return;
  t = await startApp();
  receiver = startReceiver();
  // /broken answers 500 with a body worth reading; anything else succeeds.
  receiver.fallback = () => new Response("ok");
  ({ browser, context, page, errors } = await signedInBrowser(t, "ada@example.com", "ada's long password", "admin"));
}, E2E_TIMEOUT);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  receiver?.close();
  await t?.close();
});

describe.skipIf(!CHROMIUM)("outbound webhooks in the browser", () => {
  test("an event type with an example payload is created from the catalogue page", async () => {
    await page.goto("/event-types");
    await page.fill("#create-event-type #f-name", "invoice.paid");
    await page.fill("#create-event-type #f-description", "An invoice was paid");
    await page.fill("#create-event-type #f-example", '{"invoice": "inv_1", "amount": 4200}');
    await Promise.all([page.waitForLoadState("load"), page.click("#create-event-type button[type=submit]")]);
    expect(await page.textContent("#flash")).toContain("invoice.paid created");
    expect(await page.isVisible('a[href="/event-types/invoice.paid"]')).toBe(true);
  }, E2E_TIMEOUT);

  test("an application and an endpoint subscribed to invoice.paid are created through the forms", async () => {
    await page.goto("/applications");
    await shot(page, "applications-empty");
    await page.fill("#create-app #f-name", "Acme Inc");
    await page.fill("#create-app #f-uid", "acme");
    await Promise.all([page.waitForURL(/\/applications\/app_/), page.click("#create-app button[type=submit]")]);
    state.appId = new URL(page.url()).pathname.split("/")[2];
    expect(await page.textContent("h1")).toBe("Acme Inc");

    await Promise.all([page.waitForURL(/endpoints\/new$/), page.click("text=Add endpoint >> nth=0")]);
    await page.fill("#f-url", `${receiver.url}/broken`);
    await page.check('input[name="event_types"][value="invoice.paid"]');
    await page.fill("#f-headers", "X-Team: billing");
    await Promise.all([page.waitForURL(/endpoints\/ep_/), page.click("#endpoint-form button[type=submit]")]);
    state.endpointPath = new URL(page.url()).pathname;
    state.endpointId = state.endpointPath.split("/").pop();
    expect(await page.textContent("h1")).toBe(`${receiver.url}/broken`);
    expect(await page.textContent("#flash")).toContain("Endpoint created");
  }, E2E_TIMEOUT);

  test("a message sent through the API appears live on the endpoint page as a failed attempt", async () => {
    receiver.respond(new Response('{"error":"database is down"}', { status: 500, headers: { "content-type": "application/json" } }));
    await waitForLive(page);
    const res = await t.api(`/api/v1/app/${state.appId}/msg`, { body: { eventType: "invoice.paid", eventId: "evt-1001", payload: { invoice: "inv_1001", amount: 990 } } });
    expect(res.status).toBe(202);
    state.messageId = ((await res.json()) as { id: string }).id;
    // No reload: the row arrives over the page's SSE stream.
    const row = await page.waitForSelector("#attempt-rows tr.attempt-row");
    expect(await row.textContent()).toContain("Failed");
    expect(await row.textContent()).toContain("500");
    expect(await page.isHidden("[data-live-empty]")).toBe(true);
    // The headline numbers re-fetch themselves when an attempt arrives.
    await page.waitForSelector('#endpoint-stats:has-text("1 attempt in 24 h")');
    expect(await page.textContent("#endpoint-stats")).toContain("0%");
    await shot(page, "endpoint");
  }, E2E_TIMEOUT);

  test("the message page shows the pretty payload and the failed attempt's response body and headers", async () => {
    await Promise.all([page.waitForURL(/\/messages\/msg_/), page.click(`#attempt-rows a[href="/messages/${state.messageId}"]`)]);
    expect(await page.textContent("#payload ~ pre, .code.json")).toContain('"inv_1001"');
    const card = `#delivery-${state.endpointId}`;
    expect(await page.textContent(`${card} .badge[data-status]`)).toBe("Retrying");
    expect(await page.textContent(card)).toMatch(/next try in \d\.\d s/); // 5 s ± jitter, on the server's clock
    const attempt = page.locator(`${card} details.attempt`).first();
    expect(await attempt.getAttribute("open")).not.toBeNull();
    expect(await attempt.textContent()).toContain("database is down");
    expect(await attempt.textContent()).toContain("x-team");
    expect(await attempt.textContent()).toContain("[redacted]");
    await shot(page, "message-failed");
  }, E2E_TIMEOUT);

  test("after fixing the endpoint's URL, Resend delivers and the success appears live on the message page", async () => {
    await page.goto(`${state.endpointPath}/edit`);
    await page.fill("#f-url", `${receiver.url}/ok`);
    await Promise.all([page.waitForURL((u) => u.pathname === state.endpointPath), page.click("#endpoint-form button[type=submit]")]);
    expect(await page.textContent("h1")).toBe(`${receiver.url}/ok`);

    await page.goto(`/messages/${state.messageId}`);
    await waitForLive(page);
    const card = `#delivery-${state.endpointId}`;
    await page.click(`${card} button:has-text("Resend")`);
    await page.waitForSelector(`${card} .badge[data-status="success"]`);
    expect(await page.locator(`${card} details.attempt`).count()).toBe(2);
    expect(await page.textContent(`${card} details.attempt >> nth=0`)).toContain("Manual");
    const got = await receiver.waitFor(2);
    expect(got[1].path).toBe("/ok");
    expect(got[1].headers["x-team"]).toBe("billing");
    await shot(page, "message");
    expect(errors).toEqual([]);
  }, E2E_TIMEOUT);

  test("the message search finds it by event id, status and endpoint", async () => {
    await page.goto("/messages?q=evt-1001");
    // Waits for the row rather than counting at once: a loaded CI machine can be slower than the page's load event.
    await page.waitForSelector(`#msg-${state.messageId}`);
    expect(await page.locator(`#msg-${state.messageId}`).count()).toBe(1);
    await page.goto("/messages");
    await page.selectOption('select[name="status"]', "success");
    await page.fill('input[name="endpoint"]', state.endpointId!);
    await Promise.all([page.waitForURL(/status=success/), page.click(".filters button[type=submit]")]);
    expect(await page.locator("tbody tr").count()).toBe(1);
    expect(await page.textContent("tbody tr")).toContain("/ok");
    await page.goto("/messages");
    await shot(page, "messages");
    await page.goto("/");
    await shot(page, "dashboard");
    expect(await page.textContent(".chart-summary")).toContain("2");
    expect(errors).toEqual([]);
  }, E2E_TIMEOUT);

  test("the message search takes an event type the catalogue does not list, and keeps it in the box", async () => {
    const res = await t.api(`/api/v1/app/${state.appId}/msg`, { body: { eventType: "adhoc.ping", payload: { n: 1 } } });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await page.goto("/messages");
    // The catalogue's types are offered as suggestions; any other type can be typed.
    expect(await page.$$eval("#f-event_type-list option", (os) => os.map((o) => (o as HTMLOptionElement).value))).toContain("invoice.paid");
    await page.fill('input[name="event_type"]', "adhoc.ping");
    await Promise.all([page.waitForURL(/event_type=adhoc.ping/), page.click(".filters button[type=submit]")]);
    expect(await page.locator("tbody tr").count()).toBe(1);
    expect(await page.locator(`#msg-${id}`).count()).toBe(1);
    expect(await page.inputValue('input[name="event_type"]')).toBe("adhoc.ping");
    expect(errors).toEqual([]);
  }, E2E_TIMEOUT);

  test("the endpoint page sends a test event of a type the catalogue lacks, and shows the last success as a time", async () => {
    await page.goto(state.endpointPath!);
    // The endpoint filters on invoice.paid, so that is the default; any other type can be typed.
    expect(await page.inputValue("#f-test-event-type")).toBe("invoice.paid");
    await page.fill("#f-test-event-type", "adhoc.test");
    await Promise.all([page.waitForURL(/\/messages\/msg_/), page.click('#send-test button[type=submit]')]);
    expect(await page.textContent("h1")).toBe("adhoc.test");
    await page.waitForSelector(`#delivery-${state.endpointId} .badge[data-status="success"]`);
    const got = receiver.requests.at(-1)!;
    expect(JSON.parse(got.body)).toMatchObject({ eventType: "adhoc.test", test: true });

    await page.goto(state.endpointPath!);
    const lastSuccess = page.locator('#endpoint-stats .stat-card:has-text("Last success")');
    expect(await lastSuccess.locator(".stat-value").textContent()).toBe("just now");
    expect(await lastSuccess.locator(".stat-hint").textContent()).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(errors).toEqual([]);
  }, E2E_TIMEOUT);

  test("the event type catalogue filters by name", async () => {
    await t.api("/api/v1/event-type", { body: { name: "order.created", description: "An order was placed" } });
    await page.goto("/event-types");
    expect(await page.locator("tbody tr").count()).toBe(2);
    await page.fill("#f-et-q", "INVOICE");
    await Promise.all([page.waitForURL(/q=INVOICE/), page.click('form[aria-label="Filter event types"] button[type=submit]')]);
    expect(await page.locator("tbody tr").count()).toBe(1);
    expect(await page.textContent("tbody")).toContain("invoice.paid");
    expect(await page.inputValue("#f-et-q")).toBe("INVOICE");
    await page.fill("#f-et-q", "nothing-like-this");
    await Promise.all([page.waitForURL(/q=nothing/), page.click('form[aria-label="Filter event types"] button[type=submit]')]);
    expect(await page.textContent("main")).toContain("No event type matches");
    expect(errors).toEqual([]);
  }, E2E_TIMEOUT);
});
