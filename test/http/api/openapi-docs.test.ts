import { describe, test, expect, beforeAll, afterAll } from "bun:test";
import { apiFixture, type ApiFixture } from "./helpers";
import { ROUTES } from "../../../src/http/api/catalog";
import { apiRoutes } from "../../../src/http/api/index";

let f: ApiFixture;
beforeAll(async () => { f = await apiFixture(); });
afterAll(() => f.close());

const key = (method: string, path: string) => `${method} ${path}`;

describe("the API description", () => {
  test("the route catalog lists exactly the routes the API registers under /api/v1 (whoami and audit-log included)", () => {
    const registered = apiRoutes(f.t.app.ctx).routes
      .filter((r) => r.method !== "ALL") // the catch-all 404
      .map((r) => key(r.method, r.path.replace(/:(\w+)/g, "{$1}")));
    expect(registered).toEqual(expect.arrayContaining(["GET /api/v1/auth/whoami", "GET /api/v1/audit-log"]));
    const catalog = ROUTES.filter((r) => r.auth !== false).map((r) => key(r.method, r.path));
    expect([...registered].sort()).toEqual([...catalog].sort());
  });

  test("/api/v1/openapi.json is served without a token and documents every catalog route", async () => {
    const res = await f.t.api("/api/v1/openapi.json", { token: null });
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.0.3");
    for (const r of ROUTES) expect(doc.paths[r.path]?.[r.method.toLowerCase()]).toBeDefined();
    // Every referenced schema exists.
    const refs = [...JSON.stringify(doc).matchAll(/"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
    for (const name of refs) expect(doc.components.schemas[name]).toBeDefined();
    const ids = Object.values(doc.paths).flatMap((p: any) => Object.values(p).map((o: any) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("/docs is a self-contained HTML page listing every route with an example", async () => {
    const res = await f.t.api("/docs", { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    for (const r of ROUTES) expect(html).toContain(`<span class="m ${r.method.toLowerCase()}">${r.method}</span> <code>${r.path}</code>`);
    expect(html).toContain("curl -X POST");
    expect(html).not.toMatch(/<script|https?:\/\/cdn/);
  });

  test("GET /api/v1/health answers 204 without a token (svix health.get works)", async () => {
    expect((await f.t.api("/api/v1/health", { token: null })).status).toBe(204);
    await f.svix.health.get();
  });
});
