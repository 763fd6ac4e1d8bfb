// --max-endpoints-per-app: creating one endpoint too many answers 409 naming the limit, per app.
import { describe, expect, test, beforeAll, afterAll } from "bun:test";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ flags: { "max-endpoints-per-app": "3" } }); });
afterAll(() => t.close());

const newApp = async (name: string) => ((await (await t.api("/api/v1/app/", { body: { name } })).json()) as { id: string }).id;
const addEndpoint = (appId: string, n: number) => t.api(`/api/v1/app/${appId}/endpoint/`, { body: { url: `https://example.com/hook/${n}` } });

describe("endpoints per application", () => {
  test("the endpoint past the limit gets 409 naming --max-endpoints-per-app, and nothing is stored", async () => {
    const app = await newApp("quota");
    for (let i = 0; i < 3; i++) expect((await addEndpoint(app, i)).status).toBe(201);
    const r = await addEndpoint(app, 4);
    expect(r.status).toBe(409);
    const body = (await r.json()) as { code: string; detail: string };
    expect(body.code).toBe("limit_reached");
    expect(body.detail).toBe("This application already has 3 endpoints; the limit is 3 (--max-endpoints-per-app)");
    const list = (await (await t.api(`/api/v1/app/${app}/endpoint/`)).json()) as { data: unknown[] };
    expect(list.data.length).toBe(3);
  });

  test("an upsert by uid (PUT) that would create a fourth endpoint is refused the same way", async () => {
    const app = await newApp("quota-put");
    for (let i = 0; i < 3; i++) await addEndpoint(app, i);
    const r = await t.api(`/api/v1/app/${app}/endpoint/extra-one`, { method: "PUT", body: { url: "https://example.com/hook/x" } });
    expect(r.status).toBe(409);
  });

  test("the limit is per application and frees up when an endpoint is deleted", async () => {
    const a = await newApp("quota-a");
    const b = await newApp("quota-b");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(((await (await addEndpoint(a, i)).json()) as { id: string }).id);
    expect((await addEndpoint(b, 0)).status).toBe(201);
    expect((await t.api(`/api/v1/app/${a}/endpoint/${ids[0]}/`, { method: "DELETE" })).status).toBe(204);
    expect((await addEndpoint(a, 9)).status).toBe(201);
  });
});
