// Who may see and do what in the UI: anonymous visitors are sent to sign in, members operate but get
// 403 on admin actions, missing things get an HTML 404 (the API keeps its JSON 404), and every
// state-changing form needs the CSRF token.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { TestApp } from "../../helpers/test-app";
import { appWithEndpoint, client, uiApp, type UiClient } from "./ui-client";

let t: TestApp;
let admin: UiClient;
let member: UiClient;
let ids: Awaited<ReturnType<typeof appWithEndpoint>>;

beforeAll(async () => {
  t = await uiApp();
  admin = await client(t, { email: "admin@example.com", role: "admin" });
  member = await client(t, { email: "member@example.com", role: "member" });
  ids = await appWithEndpoint(t);
});
afterAll(() => t.close());

const PAGES = ["/", "/applications", "/messages", "/event-types", "/sources", "/settings/audit", "/settings/account", "/docs/verify"];

describe("signed-out visitors", () => {
  test("every page redirects to /login with the page as next=", async () => {
    const anon = await client(t);
    for (const p of [...PAGES, ids.endpointPath]) {
      const res = await anon.get(p);
      expect({ p, status: res.status }).toEqual({ p, status: 303 });
      expect(res.headers.get("location")).toBe(`/login?next=${encodeURIComponent(p)}`);
    }
  });

  test("an htmx request is redirected with HX-Redirect instead of a 303", async () => {
    const res = await (await client(t)).get("/messages", { "hx-request": "true" });
    expect(res.status).toBe(204);
    expect(res.headers.get("hx-redirect")).toStartWith("/login?next=");
  });
});

describe("members", () => {
  test("see every ordinary page with their role in the shell", async () => {
    for (const p of [...PAGES, ids.appPath, ids.endpointPath]) {
      const res = await member.get(p);
      expect({ p, status: res.status }).toEqual({ p, status: 200 });
      const html = await res.text();
      expect(html).toContain('class="user-role">member<');
    }
  });

  test("get 403 on users, tokens, secrets and deletes, and nothing changes", async () => {
    for (const p of ["/settings/users", "/settings/tokens"]) expect((await member.get(p)).status).toBe(403);
    const refused = [
      ["/settings/users", { email: "x@example.com", password: "long enough pw", role: "admin" }],
      ["/settings/tokens", { name: "sneaky" }],
      [`${ids.endpointPath}/secret/reveal`, {}],
      [`${ids.endpointPath}/secret/rotate`, {}],
      [`${ids.appPath}/delete`, {}],
    ] as const;
    for (const [p, form] of refused) expect({ p, status: (await member.post(p, form)).status }).toEqual({ p, status: 403 });
    const count = (sql: string) => (t.app.ctx.store.sqlite.query(sql).get() as { n: number }).n;
    expect(count("SELECT count(*) AS n FROM users")).toBe(2);
    expect(count("SELECT count(*) AS n FROM applications")).toBe(1);
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'endpoint.secret.%'")).toBe(0);
  });

  test("can operate: disable and enable an endpoint, each recorded in the audit log", async () => {
    expect((await member.post(`${ids.endpointPath}/disable`)).status).toBe(303);
    expect(await member.html(ids.endpointPath)).toContain('data-status="disabled"');
    expect((await member.post(`${ids.endpointPath}/enable`)).status).toBe(303);
    const actions = t.app.ctx.store.sqlite.query("SELECT action, actor FROM audit_log WHERE action LIKE 'endpoint.%able' ORDER BY id").all();
    expect(actions).toEqual([
      { action: "endpoint.disable", actor: "user:member@example.com" },
      { action: "endpoint.enable", actor: "user:member@example.com" },
    ]);
  });

  test("do not see the admin-only controls", async () => {
    const html = await member.html(ids.endpointPath);
    expect(html).toContain("Only admins can reveal it.");
    expect(html).not.toContain("/secret/rotate");
    expect(await member.html(ids.appPath)).not.toContain(`${ids.appPath}/delete`);
  });
});

describe("polling endpoints in the UI", () => {
  test("a member adds one and sees its key once, gets 403 on a new key (no button either), and deletes it", async () => {
    const res = await member.post(`${ids.appPath}/polling-endpoints`, { uid: "member-poller" });
    expect(res.status).toBe(200);
    const key = /data-copy="(hrp_[A-Za-z0-9_-]+)"/.exec(await res.text())![1];
    const row = t.app.ctx.store.sqlite.query("SELECT id, key_hash FROM polling_endpoints WHERE uid = 'member-poller'").get() as { id: string; key_hash: string };
    const path = `${ids.appPath}/polling-endpoints/${row.id}`;
    const html = await member.html(ids.appPath);
    expect(html).not.toContain(key);
    expect(html).toContain("member-poller");
    expect(html).not.toContain(`${path}/rotate-key`);
    expect((await member.post(`${path}/rotate-key`)).status).toBe(403);
    expect((t.app.ctx.store.sqlite.query("SELECT key_hash FROM polling_endpoints WHERE id = ?").get(row.id) as { key_hash: string }).key_hash).toBe(row.key_hash);
    expect(await admin.html(ids.appPath)).toContain(`${path}/rotate-key`);
    expect((await member.post(`${path}/delete`)).status).toBe(303);
    expect(t.app.ctx.store.sqlite.query("SELECT id FROM polling_endpoints WHERE id = ?").get(row.id)).toBeNull();
    const actions = t.app.ctx.store.sqlite.query("SELECT action FROM audit_log WHERE target = ? ORDER BY id").all(row.id);
    expect(actions).toEqual([{ action: "polling_endpoint.create" }, { action: "polling_endpoint.delete" }]);
    expect((await member.post(`${path}/delete`)).status).toBe(404);
  });
});

describe("integrations in the UI", () => {
  test("admins add one and see its key once, replace and delete it; members see the list only and get 403", async () => {
    expect((await member.post(`${ids.appPath}/integrations`, { name: "sneaky" })).status).toBe(403);
    const res = await admin.post(`${ids.appPath}/integrations`, { name: "zapier" });
    expect(res.status).toBe(200);
    const key = /data-copy="(hri_[A-Za-z0-9_-]+)"/.exec(await res.text())![1];
    expect((await t.api(`/api/v1/app/${ids.appPath.split("/").pop()}/endpoint`, { token: key })).status).toBe(200);
    const row = t.app.ctx.store.sqlite.query("SELECT id FROM integrations WHERE name = 'zapier'").get() as { id: string };
    const path = `${ids.appPath}/integrations/${row.id}`;

    const seen = await member.html(ids.appPath);
    expect(seen).toContain("zapier");
    expect(seen).not.toContain(key);
    expect(seen).not.toContain(`${path}/rotate-key`);
    expect(seen).not.toContain('id="create-integration"');
    expect((await member.post(`${path}/rotate-key`)).status).toBe(403);
    expect((await member.post(`${path}/delete`)).status).toBe(403);

    const rotated = await admin.post(`${path}/rotate-key`);
    const next = /data-copy="(hri_[A-Za-z0-9_-]+)"/.exec(await rotated.text())![1];
    expect(next).not.toBe(key);
    expect((await t.api("/api/v1/auth/whoami", { token: key })).status).toBe(401);
    expect((await admin.post(`${path}/delete`)).status).toBe(303);
    expect((await t.api("/api/v1/auth/whoami", { token: next })).status).toBe(401);
    expect((await admin.post(`${ids.appPath}/integrations`, { name: "" })).status).toBe(422);
    const actions = t.app.ctx.store.sqlite.query("SELECT action FROM audit_log WHERE target = ? ORDER BY id").all(row.id);
    expect(actions).toEqual([{ action: "integration.create" }, { action: "integration.rotate_key" }, { action: "integration.delete" }]);
  });
});

describe("admins", () => {
  test("reveal a secret only by POST, get the whsec_ value and leave an audit entry", async () => {
    expect((await admin.get(`${ids.endpointPath}/secret/reveal`)).status).toBe(404);
    const res = await admin.post(`${ids.endpointPath}/secret/reveal`, {}, { htmx: true });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/data-copy="whsec_[A-Za-z0-9+/=]+"/);
    expect(html).toStartWith('<span class="secret-slot" id="secret-slot">');
    const row = t.app.ctx.store.sqlite.query("SELECT actor, target FROM audit_log WHERE action = 'endpoint.secret.reveal'").get();
    expect(row).toEqual({ actor: "user:admin@example.com", target: ids.endpointId });
  });
});

describe("CSRF and missing things", () => {
  test("a POST without the token, or with another session's token, is refused with 403", async () => {
    expect((await admin.post("/applications", { name: "No token" }, { csrf: false })).status).toBe(403);
    const other = member.csrf;
    const res = await admin.post("/applications", { name: "Wrong token", _csrf: other }, { csrf: false });
    expect(res.status).toBe(403);
    expect(t.app.ctx.store.sqlite.query("SELECT count(*) AS n FROM applications").get()).toEqual({ n: 1 });
  });

  test("unknown ids answer an HTML 404 page inside the app shell", async () => {
    for (const p of ["/applications/app_missing", `${ids.appPath}/endpoints/ep_missing`, "/messages/msg_missing", "/sources/src_missing", "/event-types/nope.nope"]) {
      const res = await admin.get(p);
      expect({ p, status: res.status }).toEqual({ p, status: 404 });
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(await res.text()).toContain("doesn’t exist");
    }
  });

  test("an unknown UI path gets the HTML 404 page while an unknown API path keeps its JSON 404", async () => {
    const ui = await admin.get("/no/such/page");
    expect(ui.status).toBe(404);
    expect(await ui.text()).toContain("This page doesn’t exist");
    const api = await t.api("/api/v1/no-such-thing");
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toContain("application/json");
  });
});
