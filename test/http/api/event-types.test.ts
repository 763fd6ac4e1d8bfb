import { describe, test, expect, beforeAll, afterAll } from "bun:test";
import { apiFixture, apiError, locs, type ApiFixture } from "./helpers";

let f: ApiFixture;
beforeAll(async () => { f = await apiFixture(); });
afterAll(() => f.close());

const schemas = { "1": { type: "object", properties: { id: { type: "string" } }, examples: [{ id: "inv_1" }] } };

describe("event types through the svix SDK", () => {
  test("create with a schema, get, patch, update", async () => {
    const et = await f.svix.eventType.create({ name: "invoice.paid", description: "Paid", schemas, groupName: "billing" });
    expect(et).toMatchObject({ name: "invoice.paid", description: "Paid", schemas, groupName: "billing", archived: false, deprecated: false });
    expect((await f.svix.eventType.get("invoice.paid")).schemas).toEqual(schemas);
    expect(await f.svix.eventType.patch("invoice.paid", { deprecated: true })).toMatchObject({ deprecated: true, description: "Paid", schemas });
    const updated = await f.svix.eventType.update("invoice.paid", { description: "Replaced" });
    expect(updated).toMatchObject({ description: "Replaced", deprecated: false, schemas: null });
  });

  test("PUT on an unknown name creates the type (201)", async () => {
    const res = await f.t.api("/api/v1/event-type/user.created", { method: "PUT", body: { description: "New" } });
    expect(res.status).toBe(201);
    expect((await f.svix.eventType.get("user.created")).description).toBe("New");
  });

  test("delete archives (hidden unless include_archived); expunge removes; create un-archives", async () => {
    await f.svix.eventType.create({ name: "order.shipped", description: "Shipped" });
    await f.svix.eventType.delete("order.shipped");
    expect((await f.svix.eventType.get("order.shipped")).archived).toBe(true);
    const visible = (await f.svix.eventType.list()).data.map((e) => e.name);
    expect(visible).not.toContain("order.shipped");
    const all = (await f.svix.eventType.list({ includeArchived: true })).data.map((e) => e.name);
    expect(all).toContain("order.shipped");

    const back = await f.svix.eventType.create({ name: "order.shipped", description: "Back" });
    expect(back).toMatchObject({ archived: false, description: "Back" });

    await f.svix.eventType.delete("order.shipped", { expunge: true });
    await apiError(f.svix.eventType.get("order.shipped"), 404);
  });

  test("lists by name, with schemas only when with_content=true", async () => {
    await f.svix.eventType.create({ name: "a.first", description: "", schemas });
    const names = (await f.svix.eventType.list()).data.map((e) => e.name);
    expect(names).toEqual([...names].sort());
    const plain = (await f.svix.eventType.list()).data.find((e) => e.name === "a.first")!;
    expect(plain.schemas).toBeNull();
    const full = (await f.svix.eventType.list({ withContent: true })).data.find((e) => e.name === "a.first")!;
    expect(full.schemas).toEqual(schemas);
  });

  test("a duplicate name is a 409; a bad name or schema a 422 naming the field", async () => {
    await f.svix.eventType.create({ name: "dup.type", description: "" });
    await apiError(f.svix.eventType.create({ name: "dup.type", description: "" }), 409);
    expect(locs(await apiError(f.svix.eventType.create({ name: "has space", description: "" }), 422))).toEqual([["body", "name"]]);
    expect(locs(await apiError(f.svix.eventType.create({ name: "x.y", description: "", schemas: [1] }), 422))).toEqual([["body", "schemas"]]);
    await apiError(f.svix.eventType.patch("nope.nope", { description: "" }), 404);
  });
});
