// The UI's forms: what they store when valid, and a 422 that keeps what was typed and names the
// problem when not. The checks are the API's (destination policy, header rules, known event types).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { TestApp } from "../../helpers/test-app";
import { createTestApp } from "../../helpers/test-app";
import { appWithEndpoint, client, uiApp, type UiClient } from "./ui-client";

let t: TestApp;
let ui: UiClient;
let ids: Awaited<ReturnType<typeof appWithEndpoint>>;
const q = <T>(sql: string, ...p: (string | number)[]) => t.app.ctx.store.sqlite.query(sql).get(...p) as T;
/** The endpoint headers column is sealed at rest (it holds receiver credentials): what it opens to. */
const opened = <T extends { headers: string }>(row: T) => {
  expect(row.headers).not.toContain("s3cret");
  return { ...row, headers: t.app.ctx.secrets.open(row.headers) };
};

beforeAll(async () => {
  t = await uiApp();
  ui = await client(t, { email: "admin@example.com", role: "admin" });
  ids = await appWithEndpoint(t);
  await t.api("/api/v1/event-type", { body: { name: "invoice.paid", description: "" } });
});
afterAll(() => t.close());

/** The text of every field error on a page. */
const fieldErrors = (html: string) => [...html.matchAll(/class="field-error"[^>]*>([^<]*)</g)].map((m) => m[1].replaceAll("&quot;", '"').replaceAll("&#39;", "'"));

describe("endpoint form", () => {
  const base = () => `${ids.appPath}/endpoints`;

  test("stores every setting typed in, with the event types ticked and headers one per line", async () => {
    const res = await ui.post(base(), {
      url: "http://127.0.0.1:8123/in", description: "Billing", event_types: ["invoice.paid"], channels: "eu, team-a",
      headers: "X-Team: billing\nAuthorization: Bearer s3cret", retry_schedule: "0, 60, 600", timeout: "2.5", throttle_rate: "20",
    });
    expect(res.status).toBe(303);
    const id = res.headers.get("location")!.split("/").pop()!;
    const row = q<{ headers: string } & Record<string, unknown>>("SELECT url, description, filter_types, channels, headers, retry_schedule, timeout_ms, throttle_rate FROM endpoints WHERE id = ?", id);
    expect(opened(row)).toEqual({
      url: "http://127.0.0.1:8123/in", description: "Billing", filter_types: '["invoice.paid"]', channels: '["eu","team-a"]',
      headers: '{"x-team":"billing","authorization":"Bearer s3cret"}', retry_schedule: "[0,60,600]", timeout_ms: 2500, throttle_rate: 20,
    });
  });

  test("the edit form hides credential header values and saving it unchanged keeps them", async () => {
    const id = (q<{ id: string }>("SELECT id FROM endpoints WHERE description = 'Billing'")).id;
    const html = await ui.html(`${ids.appPath}/endpoints/${id}/edit`);
    expect(html).not.toContain("s3cret");
    expect(html).toContain("authorization: (unchanged)");
    const headers = /<textarea[^>]*name="headers"[^>]*>\n([^<]*)<\/textarea>/.exec(html)![1].replaceAll("&#39;", "'");
    const res = await ui.post(`${ids.appPath}/endpoints/${id}/edit`, { url: "http://127.0.0.1:8123/v2", headers, event_types: ["invoice.paid"] });
    expect(res.status).toBe(303);
    expect(opened(q<{ headers: string; url: string }>("SELECT headers, url FROM endpoints WHERE id = ?", id))).toEqual({
      url: "http://127.0.0.1:8123/v2", headers: '{"x-team":"billing","authorization":"Bearer s3cret"}',
    });
  });

  test("bad input answers 422 with one message per field and the typed values kept", async () => {
    const res = await ui.post(base(), {
      url: "ftp://example.com/x", event_types: ["no.such.type"], channels: "bad channel!", headers: "webhook-id: mine",
      retry_schedule: "5, soon", timeout: "900", throttle_rate: "0",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(fieldErrors(html)).toHaveLength(7);
    expect(html).toContain("Unknown event type(s): no.such.type");
    expect(html).toContain("is set by hookrelay and cannot be overridden");
    expect(html).toContain('value="ftp://example.com/x"');
    expect(q<{ n: number }>("SELECT count(*) AS n FROM endpoints WHERE url LIKE 'ftp%'").n).toBe(0);
  });

  test("a private destination is refused when private destinations are not allowed", async () => {
    const strict = await createTestApp();
    try {
      const admin = await client(strict, { email: "a@example.com", role: "admin" });
      const app = (await (await strict.api("/api/v1/app", { body: { name: "A" } })).json()) as { id: string };
      const res = await admin.post(`/applications/${app.id}/endpoints`, { url: "http://127.0.0.1:8080/hook" });
      expect(res.status).toBe(422);
      expect(fieldErrors(await res.text())[0]).toMatch(/private|loopback|not allowed/i);
    } finally {
      await strict.close();
    }
  });
});

describe("application, event type, source and user forms", () => {
  test("an application needs a name and a unique uid", async () => {
    expect((await ui.post("/applications", { name: "", uid: "" })).status).toBe(422);
    expect((await ui.post("/applications", { name: "Uid owner", uid: "taken" })).status).toBe(303);
    const dup = await ui.post("/applications", { name: "Second", uid: "taken" });
    expect(dup.status).toBe(422);
    expect(fieldErrors(await dup.text())[0]).toContain('uid "taken" already exists');
  });

  test("an endpoint of the operational application offers the operational event types and keeps its filter when saved", async () => {
    const op = await (await t.api("/api/v1/operational-webhook/endpoint", { body: { url: "http://127.0.0.1:9/ops", filterTypes: ["endpoint.disabled"] } })).json();
    const path = `/applications/${q<{ id: string }>("SELECT app_id AS id FROM endpoints WHERE id = ?", op.id).id}/endpoints/${op.id}`;
    const form = await ui.html(`${path}/edit`);
    expect(form).toContain('value="endpoint.disabled" checked');
    expect(form).toContain('value="source.rejecting"');
    expect(form).not.toContain('value="invoice.paid"');
    const saved = await ui.post(`${path}/edit`, { url: "http://127.0.0.1:9/ops", event_types: ["endpoint.disabled", "message.attempt.exhausted"] });
    expect(saved.status).toBe(303);
    expect(q("SELECT filter_types FROM endpoints WHERE id = ?", op.id)).toEqual({ filter_types: '["endpoint.disabled","message.attempt.exhausted"]' });
    expect((await ui.post(`${path}/edit`, { url: "http://127.0.0.1:9/ops", event_types: ["invoice.paid"] })).status).toBe(422);
  });

  test("a polling endpoint needs known event types, valid channels and a free uid; what was typed is kept", async () => {
    const path = `${ids.appPath}/polling-endpoints`;
    const bad = await ui.post(path, { uid: "has space", event_types: "invoice.paid, no.such", channels: "eu, bad channel!" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(fieldErrors(html)).toEqual(["Letters, digits and - _ . only (at most 256).", "Unknown event type(s): no.such", "Channels use letters, digits and - _ . : only."]);
    expect(html).toContain('value="invoice.paid, no.such"');
    expect((await ui.post(path, { uid: "audit", event_types: "invoice.paid", channels: "eu, us" })).status).toBe(200);
    expect(q("SELECT filter_types, channels FROM polling_endpoints WHERE uid = 'audit'")).toEqual({ filter_types: '["invoice.paid"]', channels: '["eu","us"]' });
    const dup = await ui.post(path, { uid: "audit" });
    expect(dup.status).toBe(409);
    expect(fieldErrors(await dup.text())[0]).toContain('uid "audit" already exists');
    // A polling endpoint disabled through the API says so on the page.
    const appId = ids.appPath.split("/").pop()!;
    expect((await t.api(`/api/v1/app/${appId}/polling-endpoint/audit`, { method: "PATCH", body: { disabled: true } })).status).toBe(200);
    const id = q<{ id: string }>("SELECT id FROM polling_endpoints WHERE uid = 'audit'").id;
    const page = await ui.html(ids.appPath);
    const row = page.slice(page.indexOf(`<tr id="poller-${id}">`), page.indexOf("</tr>", page.indexOf(`<tr id="poller-${id}">`)));
    expect(row).toContain("Disabled");
  });

  test("sending a message from the application page needs valid JSON and lands on the message", async () => {
    const bad = await ui.post(`${ids.appPath}/messages`, { event_type: "invoice.paid", payload: "{nope" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("This is not valid JSON.");
    const ok = await ui.post(`${ids.appPath}/messages`, { event_type: "invoice.paid", payload: '{"n": 1}' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toMatch(/^\/messages\/msg_/);
  });

  test("an event type's example is stored as its schema's examples and used by send-test", async () => {
    expect((await ui.post("/event-types", { name: "bad name!" })).status).toBe(422);
    expect((await ui.post("/event-types", { name: "order.shipped", schema: "[1]" })).status).toBe(422);
    const res = await ui.post("/event-types", { name: "order.shipped", description: "Shipped", schema: '{"type":"object"}', example: '{"order":"o_1"}' });
    expect(res.status).toBe(303);
    expect(q<{ schemas: string }>("SELECT schemas FROM event_types WHERE name = 'order.shipped'").schemas).toBe('{"1":{"type":"object","examples":[{"order":"o_1"}]}}');
    const sent = await ui.post(`${ids.endpointPath}/test`, { event_type: "order.shipped" });
    const msgId = sent.headers.get("location")!.split("/").pop()!;
    expect(new TextDecoder().decode(q<{ payload: Uint8Array }>("SELECT payload FROM messages WHERE id = ?", msgId).payload)).toBe('{"order":"o_1"}');
  });

  test("a source's config is checked by its type and its secret is stored sealed", async () => {
    const missing = await ui.post("/sources", { name: "Stripe", type: "stripe", secret: "" });
    expect(missing.status).toBe(422);
    expect(fieldErrors(await missing.text())).toContain("The signing secret is required.");
    const badJson = await ui.post("/sources", { name: "Basic", type: "basic-auth", secret: "pw", config: "{oops" });
    expect(fieldErrors(await badJson.text())).toContain("This is not valid JSON.");
    const ok = await ui.post("/sources", { name: "Basic", type: "basic-auth", secret: "hunter2-password", config: '{"username": "relay"}' });
    expect(ok.status).toBe(303);
    const row = q<{ config_enc: string }>("SELECT config_enc FROM sources WHERE name = 'Basic'");
    expect(row.config_enc).not.toContain("hunter2");
  });

  test("a user needs a fresh email and a long enough password; a token needs a name", async () => {
    const short = await ui.post("/settings/users", { email: "new@example.com", password: "short", role: "member" });
    expect(short.status).toBe(422);
    const dup = await ui.post("/settings/users", { email: "admin@example.com", password: "long enough pw", role: "member" });
    expect(fieldErrors(await dup.text())).toContain("A user with this email already exists.");
    expect((await ui.post("/settings/tokens", { name: "" })).status).toBe(422);
  });

  test("an admin cannot demote or remove themselves, so the last admin stays", async () => {
    const me = q<{ id: string }>("SELECT id FROM users WHERE email = 'admin@example.com'").id;
    await ui.post(`/settings/users/${me}/role`, { role: "member" });
    await ui.post(`/settings/users/${me}/delete`);
    expect(q<{ role: string }>("SELECT role FROM users WHERE id = ?", me).role).toBe("admin");
  });

  test("changing one's password needs the current one", async () => {
    const wrong = await ui.post("/settings/account/password", { current: "nope", password: "a brand new password", confirm: "a brand new password" });
    expect(wrong.status).toBe(422);
    const ok = await ui.post("/settings/account/password", { current: "admin@example.com password", password: "a brand new password", confirm: "a brand new password" });
    expect(ok.status).toBe(303);
  });
});
