import { describe, expect, test, afterAll, beforeAll } from "bun:test";
import { createTestApp, type TestApp } from "../../helpers/test-app";

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); await t.app.ctx.scheduler.tick(); });
afterAll(() => t.close());

describe("health and auth", () => {
  test("/healthz answers without auth", async () => {
    const r = await fetch(`${t.url}/healthz`);
    expect(r.status).toBe(200);
    expect((await r.json()).status).toBe("ok");
  });

  test("/readyz is 200 when the database answers and the scheduler ticked recently", async () => {
    const r = await fetch(`${t.url}/readyz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: "ready", checks: { database: "ok", scheduler: "ok" } });
  });

  test("/readyz is 503 when the scheduler has not ticked for a while", async () => {
    t.clock.advance(60_000);
    const r = await fetch(`${t.url}/readyz`);
    expect(r.status).toBe(503);
    expect((await r.json()).checks.scheduler).toBe("stale");
    await t.app.ctx.scheduler.tick();
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  });

  test("the API answers 401 in JSON without a token, with a bad token, and for unknown routes", async () => {
    for (const token of [null, "hr_wrong"]) {
      const r = await t.api("/api/v1/auth/whoami", { token });
      expect(r.status).toBe(401);
      expect(r.headers.get("content-type")).toContain("application/json");
      expect((await r.json()).code).toBe("authentication_failed");
    }
    expect((await t.api("/api/v1/no/such/route", { token: null })).status).toBe(401);
  });

  test("the API accepts a valid bearer token", async () => {
    const r = await t.api("/api/v1/auth/whoami");
    expect(r.status).toBe(200);
    expect((await r.json()).name).toBe("test");
  });

  test("the embedded htmx asset is served", async () => {
    const r = await fetch(`${t.url}/assets/htmx.min.js`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("javascript");
    expect(await r.text()).toContain("htmx");
  });
});

describe("token revocation", () => {
  test("a revoked token stops working within the recheck window", async () => {
    const { createToken, revokeToken, TOKEN_RECHECK_MS } = await import("../../../src/store/tokens");
    const { token, row } = createToken(t.app.ctx.store, "short-lived", t.clock.now());
    expect((await t.api("/api/v1/auth/whoami", { token })).status).toBe(200);
    revokeToken(t.app.ctx.store, row.id, t.clock.now());
    t.clock.advance(TOKEN_RECHECK_MS);
    expect((await t.api("/api/v1/auth/whoami", { token })).status).toBe(401);
  });
});
