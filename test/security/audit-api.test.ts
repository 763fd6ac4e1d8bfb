// GET /api/v1/audit-log: who did what when, newest first, keyset-paginated, behind the bearer token.
import { describe, expect, test, beforeAll, afterAll } from "bun:test";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { recordAudit } from "../../src/store/audit";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const store = t.app.ctx.store;
  for (let i = 0; i < 5; i++) {
    recordAudit(store, { at: t.clock.now() + i * 1000, actor: i % 2 ? "cli" : "user:admin@example.com", action: i % 2 ? "token.create" : "user.login", target: `t${i}`, detail: { n: i } });
  }
});
afterAll(() => t.close());

type Page = { data: { id: string; timestamp: string; actor: string; action: string; target: string | null; detail: unknown }[]; iterator: string | null; prevIterator: string | null; done: boolean };

describe("audit log API", () => {
  test("lists entries newest first with actor, action, target, detail and an RFC 3339 timestamp", async () => {
    const r = await t.api("/api/v1/audit-log");
    expect(r.status).toBe(200);
    const page = (await r.json()) as Page;
    const mine = page.data.filter((e) => e.target?.startsWith("t"));
    expect(mine.map((e) => e.target)).toEqual(["t4", "t3", "t2", "t1", "t0"]);
    expect(mine[0]).toMatchObject({ actor: "user:admin@example.com", action: "user.login", detail: { n: 4 } });
    expect(new Date(mine[0].timestamp).getTime()).toBe(t.clock.now() + 4000);
  });

  test("pages through every entry exactly once with the iterator", async () => {
    const seen: string[] = [];
    let iterator: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page = (await (await t.api(`/api/v1/audit-log?limit=2${iterator ? `&iterator=${iterator}` : ""}`)).json()) as Page;
      seen.push(...page.data.map((e) => e.id));
      if (page.done) break;
      iterator = page.iterator;
    }
    const all = (await (await t.api("/api/v1/audit-log?limit=250")).json()) as Page;
    expect(seen).toEqual(all.data.map((e) => e.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  test("filters by action and by actor", async () => {
    const logins = (await (await t.api("/api/v1/audit-log?action=user.login")).json()) as Page;
    expect(logins.data.length).toBeGreaterThanOrEqual(3);
    expect(logins.data.every((e) => e.action === "user.login")).toBe(true);
    const cli = (await (await t.api("/api/v1/audit-log?actor=cli&order=ascending")).json()) as Page;
    expect(cli.data.filter((e) => e.target?.startsWith("t")).map((e) => e.target)).toEqual(["t1", "t3"]);
  });

  test("refuses requests without a valid bearer token", async () => {
    expect((await t.api("/api/v1/audit-log", { token: null })).status).toBe(401);
    expect((await t.api("/api/v1/audit-log", { token: "hr_wrong" })).status).toBe(401);
  });

  test("answers 422 for a bad limit, order or iterator instead of failing", async () => {
    for (const q of ["limit=0", "limit=251", "limit=abc", "order=sideways", "iterator=abc", "iterator=1;DROP"]) {
      const r = await t.api(`/api/v1/audit-log?${q}`);
      expect(r.status).toBe(422);
    }
  });
});

describe("admin writes are audited", () => {
  const since = async () => ((await (await t.api("/api/v1/audit-log?limit=250")).json()) as Page).data;

  test("each successful admin write through the API leaves one row naming the token, the route and the target", async () => {
    const before = (await since()).length;
    const app = (await (await t.api("/api/v1/app/", { body: { name: "audited" } })).json()) as { id: string };
    const ep = (await (await t.api(`/api/v1/app/${app.id}/endpoint/`, { body: { url: "https://example.com/a" } })).json()) as { id: string };
    expect((await t.api(`/api/v1/app/${app.id}/endpoint/${ep.id}/secret/rotate/`, { body: {} })).status).toBe(204);
    expect((await t.api(`/api/v1/app/${app.id}/endpoint/${ep.id}/`, { method: "DELETE" })).status).toBe(204);
    const secret = "gh-audit-secret-never-logged-123";
    const src = await t.api("/ingest/api/v1/source", { body: { name: "audited", type: "github", config: { secret } } });
    expect(src.status).toBe(201);
    const srcId = ((await src.json()) as { id: string }).id;
    const rows = (await since()).slice(0, (await since()).length - before);
    expect(rows.map((r) => r.action).reverse()).toEqual([
      "POST /api/v1/app",
      "POST /api/v1/app/:app_id/endpoint",
      "POST /api/v1/app/:app_id/endpoint/:endpoint_id/secret/rotate",
      "DELETE /api/v1/app/:app_id/endpoint/:endpoint_id",
      "POST /ingest/api/v1/source",
    ]);
    expect(rows.every((r) => r.actor === "token:test")).toBe(true);
    expect(rows.find((r) => r.action.includes("secret/rotate"))!.target).toBe(`/api/v1/app/${app.id}/endpoint/${ep.id}/secret/rotate/`);
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  test("a create names the created resource's id as its target, not the collection it was posted to", async () => {
    const before = (await since()).length;
    const app = (await (await t.api("/api/v1/app/", { body: { name: "created" } })).json()) as { id: string };
    const ep = (await (await t.api(`/api/v1/app/${app.id}/endpoint/`, { body: { url: "https://example.com/c" } })).json()) as { id: string };
    const src = (await (await t.api("/ingest/api/v1/source", { body: { name: "created", type: "generic-webhook" } })).json()) as { id: string; ingestUrl: string };
    const fwd = (await (await t.api(`/ingest/api/v1/source/${src.id}/endpoint`, { body: { url: "https://example.com/f" } })).json()) as { id: string };
    const rows = (await since()).slice(0, (await since()).length - before).reverse();
    expect(rows.map((r) => r.target)).toEqual([app.id, ep.id, src.id, fwd.id]);
    expect(rows[1].detail).toMatchObject({ status: 201, path: `/api/v1/app/${app.id}/endpoint/` });
    // Only the id is taken from the answer: the source's ingest URL (a capability) stays out of the log.
    expect(JSON.stringify(rows)).not.toContain(new URL(src.ingestUrl).pathname);
  });

  test("revealing an endpoint's signing secret is audited, outbound and inbound, without the secret", async () => {
    const app = (await (await t.api("/api/v1/app/", { body: { name: "reveal" } })).json()) as { id: string };
    const ep = (await (await t.api(`/api/v1/app/${app.id}/endpoint/`, { body: { url: "https://example.com/r" } })).json()) as { id: string };
    const src = (await (await t.api("/ingest/api/v1/source", { body: { name: "reveal", type: "generic-webhook" } })).json()) as { id: string };
    const fwd = (await (await t.api(`/ingest/api/v1/source/${src.id}/endpoint`, { body: { url: "https://example.com/rf" } })).json()) as { id: string };
    const before = (await since()).length;
    const out = (await (await t.api(`/api/v1/app/${app.id}/endpoint/${ep.id}/secret/`)).json()) as { key: string };
    const inb = (await (await t.api(`/ingest/api/v1/source/${src.id}/endpoint/${fwd.id}/secret`)).json()) as { key: string };
    expect((await t.api(`/api/v1/app/${app.id}/endpoint/ep_nope/secret/`)).status).toBe(404);
    const rows = (await since()).slice(0, (await since()).length - before).reverse();
    expect(rows.map((r) => [r.actor, r.action, r.target])).toEqual([
      ["token:test", "GET /api/v1/app/:app_id/endpoint/:endpoint_id/secret", `/api/v1/app/${app.id}/endpoint/${ep.id}/secret/`],
      ["token:test", "GET /ingest/api/v1/source/:sourceId/endpoint/:endpointId/secret", `/ingest/api/v1/source/${src.id}/endpoint/${fwd.id}/secret`],
    ]);
    expect(out.key).toStartWith("whsec_");
    expect(JSON.stringify(rows)).not.toContain(out.key);
    expect(JSON.stringify(rows)).not.toContain(inb.key);
  });

  test("failed writes, reads and message sends are not audited", async () => {
    const before = (await since()).length;
    const app = (await (await t.api("/api/v1/app/", { body: { name: "quiet" } })).json()) as { id: string };
    expect((await t.api(`/api/v1/app/${app.id}/endpoint/`, { body: { url: "not a url" } })).status).toBe(422);
    expect((await t.api(`/api/v1/app/${app.id}/msg/`, { body: { eventType: "a.b", payload: {} } })).status).toBe(202);
    await t.api(`/api/v1/app/${app.id}/`);
    const rows = (await since()).slice(0, (await since()).length - before);
    expect(rows.map((r) => r.action)).toEqual(["POST /api/v1/app"]);
  });
});
