import { describe, test, expect, beforeAll, afterAll } from "bun:test";
import { Ordering } from "svix";
import { Svix as Svix2 } from "svix2";
import { apiFixture, apiError, locs, type ApiFixture } from "./helpers";

let f: ApiFixture;
beforeAll(async () => { f = await apiFixture(); });
afterAll(() => f.close());

describe("applications through the svix SDK", () => {
  test("create, get by id and by uid, patch, update and delete", async () => {
    const app = await f.svix.application.create({ name: "Acme", uid: "acme-crud", metadata: { plan: "pro" } });
    expect(app.id).toMatch(/^app_[0-9A-Za-z]{23}$/);
    expect(app).toMatchObject({ name: "Acme", uid: "acme-crud", metadata: { plan: "pro" } });
    expect(app.createdAt).toBeInstanceOf(Date);
    expect((await f.svix.application.get(app.id)).uid).toBe("acme-crud");
    expect((await f.svix.application.get("acme-crud")).id).toBe(app.id);

    const patched = await f.svix.application.patch("acme-crud", { name: "Acme Corp" });
    expect(patched).toMatchObject({ id: app.id, name: "Acme Corp", uid: "acme-crud", metadata: { plan: "pro" } });

    const replaced = await f.svix.application.update(app.id, { name: "Acme Ltd", uid: "acme-crud", throttleRate: 10 });
    expect(replaced).toMatchObject({ name: "Acme Ltd", throttleRate: 10, rateLimit: 10, metadata: {} });

    await f.svix.application.delete("acme-crud");
    await apiError(f.svix.application.get(app.id), 404);
  });

  test("getOrCreate returns the existing application for a known uid and creates an unknown one", async () => {
    const first = await f.svix.application.getOrCreate({ name: "Goc", uid: "goc" });
    const again = await f.svix.application.getOrCreate({ name: "Other name", uid: "goc" });
    expect(again.id).toBe(first.id);
    expect(again.name).toBe("Goc");
    const res = await f.t.api("/api/v1/app?get_if_exists=true", { body: { name: "Goc", uid: "goc" } });
    expect(res.status).toBe(200);
  });

  test("PUT on an unknown uid creates the application (201) under that uid", async () => {
    const res = await f.t.api("/api/v1/app/upserted-uid", { method: "PUT", body: { name: "Upserted" } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ uid: "upserted-uid", name: "Upserted" });
    await apiError(f.svix.application.update("app_0000000000000000000000", { name: "x" }), 404);
  });

  test("svix 2.x upsert by uid twice updates the same application and keeps its uid", async () => {
    const svix2 = new Svix2(f.t.token, { serverUrl: f.t.url });
    const first = await svix2.application.upsert("upsert-twice", { name: "One" });
    const second = await svix2.application.upsert("upsert-twice", { name: "Two" });
    const third = await svix2.application.upsert("upsert-twice", { name: "Three" });
    expect([second.id, third.id]).toEqual([first.id, first.id]);
    expect(third).toMatchObject({ uid: "upsert-twice", name: "Three" });
    expect(f.rows("SELECT id FROM applications WHERE name IN ('One', 'Two', 'Three')")).toHaveLength(1);
    // Addressed by id, PUT replaces the whole document: a body without uid clears it.
    expect((await f.svix.application.update(first.id, { name: "By id" })).uid).toBeNull();
  });

  test("a duplicate uid is a 409 with {code, detail}", async () => {
    await f.svix.application.create({ name: "Dup", uid: "dup-uid" });
    const body = await apiError(f.svix.application.create({ name: "Dup 2", uid: "dup-uid" }), 409);
    expect(body).toEqual({ code: "conflict", detail: expect.stringContaining("dup-uid") });
  });

  test("validation errors are 422 naming the field", async () => {
    expect(locs(await apiError(f.svix.application.create({ name: "" }), 422))).toEqual([["body", "name"]]);
    expect(locs(await apiError(f.svix.application.create({ name: "x", uid: "bad uid!" }), 422))).toEqual([["body", "uid"]]);
    expect(locs(await apiError(f.svix.application.create({} as never), 422))).toEqual([["body", "name"]]);
    expect(locs(await apiError(f.svix.application.list({ limit: 251 }), 422))).toEqual([["query", "limit"]]);
  });

  test("a null name is a 422 on body.name for PATCH, PUT and create, and the name is kept", async () => {
    const app = await f.svix.application.create({ name: "Named", uid: "named-null" });
    for (const method of ["PATCH", "PUT"]) {
      const res = await f.t.api(`/api/v1/app/${app.id}`, { method, body: { name: null } });
      expect({ method, status: res.status }).toEqual({ method, status: 422 });
      expect(locs(await res.json())).toEqual([["body", "name"]]);
    }
    expect(locs(await (await f.t.api("/api/v1/app", { body: { name: null } })).json())).toEqual([["body", "name"]]);
    expect((await f.svix.application.get(app.id)).name).toBe("Named");
  });

  test("invalid JSON is a 400, not a 500", async () => {
    const res = await f.t.api("/api/v1/app", { method: "POST", body: '{"name": ' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: "invalid_json", detail: "Request body is not valid JSON" });
  });

  test("requests without a token or with a wrong one are 401", async () => {
    expect((await f.t.api("/api/v1/app", { token: null })).status).toBe(401);
    expect((await f.t.api("/api/v1/app", { token: "hr_wrong" })).status).toBe(401);
    const body = await f.t.api("/api/v1/app", { token: null, method: "POST", body: "{not json" });
    expect(body.status).toBe(401);
  });
});

describe("iterator pagination", () => {
  let f2: ApiFixture;
  const ids: string[] = [];
  beforeAll(async () => {
    f2 = await apiFixture();
    for (let i = 0; i < 7; i++) ids.push((await f2.svix.application.create({ name: `P${i}` })).id);
  });
  afterAll(() => f2.close());

  test("pages of `limit` items follow `iterator` until `done`, oldest first", async () => {
    const seen: string[] = [];
    let iterator: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await f2.svix.application.list({ limit: 3, iterator });
      seen.push(...page.data.map((a) => a.id));
      pages++;
      if (page.done) break;
      iterator = page.iterator;
    }
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);
  });

  test("order=descending lists newest first and prevIterator walks back", async () => {
    const p1 = await f2.svix.application.list({ limit: 3, order: Ordering.Descending });
    expect(p1.data.map((a) => a.id)).toEqual(ids.slice(-3).reverse());
    expect(p1.done).toBe(false);
    const p2 = await f2.svix.application.list({ limit: 3, order: Ordering.Descending, iterator: p1.iterator });
    expect(p2.data.map((a) => a.id)).toEqual(ids.slice(1, 4).reverse());
    const back = await f2.svix.application.list({ limit: 3, order: Ordering.Descending, iterator: p2.prevIterator });
    expect(back.data.map((a) => a.id)).toEqual(p1.data.map((a) => a.id));
  });
});
