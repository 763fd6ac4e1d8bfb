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

describe("eventType.importOpenapi", () => {
  const yaml = `openapi: 3.1.0
info: { title: Shop, version: "1" }
webhooks:
  shop.order.paid:
    post:
      summary: An order was paid
      x-svix-group-name: orders
      requestBody:
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Order" }
            example: { id: ord_1, total: 1200 }
  shop.order.refunded:
    post:
      description: An order was refunded
      deprecated: true
      x-svix-feature-flags: [beta]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties: { order: { $ref: "#/components/schemas/Order" } }
components:
  schemas:
    Order:
      type: object
      properties: { id: { type: string }, total: { type: integer } }
`;
  const order = { type: "object", properties: { id: { type: "string" }, total: { type: "integer" } } };

  test("a dry run lists what would change and writes nothing; the import creates the event types with their schemas and examples", async () => {
    const dry = await f.svix.eventType.importOpenapi({ specRaw: yaml, dryRun: true });
    expect(dry.data.modified).toEqual([]);
    expect(dry.data.toModify!.map((t) => t.name)).toEqual(["shop.order.paid", "shop.order.refunded"]);
    await apiError(f.svix.eventType.get("shop.order.paid"), 404);

    const done = await f.svix.eventType.importOpenapi({ specRaw: yaml });
    expect(done.data.modified).toEqual(["shop.order.paid", "shop.order.refunded"]);
    expect(await f.svix.eventType.get("shop.order.paid")).toMatchObject({
      description: "An order was paid", groupName: "orders", deprecated: false, schemas: { 1: { ...order, examples: [{ id: "ord_1", total: 1200 }] } },
    });
    expect(await f.svix.eventType.get("shop.order.refunded")).toMatchObject({
      description: "An order was refunded", deprecated: true, featureFlags: ["beta"], schemas: { 1: { type: "object", properties: { order } } },
    });
    // The example feeds send-example like any schema example.
    expect((await f.svix.eventType.importOpenapi({ specRaw: yaml })).data.modified).toEqual([]);
  });

  test("spec as an object works too; replaceAll archives what the document does not name", async () => {
    await f.svix.eventType.create({ name: "legacy.thing", description: "old" });
    const spec = { openapi: "3.1.0", webhooks: { "shop.cart.created": { post: { description: "A cart" } } } };
    const r = await f.svix.eventType.importOpenapi({ spec, replaceAll: true });
    expect(r.data.modified).toContain("shop.cart.created");
    expect(r.data.modified).toContain("legacy.thing");
    expect((await f.svix.eventType.get("legacy.thing")).archived).toBe(true);
    expect((await f.svix.eventType.get("shop.cart.created")).schemas).toBeNull();
  });

  test("bad documents are refused with the reason", async () => {
    const post = (body: unknown) => f.t.api("/api/v1/event-type/import/openapi", { body });
    const reason = async (body: unknown) => { const r = await post(body); return { status: r.status, text: JSON.stringify(await r.json()) }; };
    expect((await reason({})).text).toContain("exactly one of spec");
    expect((await reason({ spec: {}, specRaw: "a: 1" })).status).toBe(422);
    expect((await reason({ specRaw: "a: [unclosed" })).text).toContain("not valid YAML or JSON");
    expect((await reason({ spec: { openapi: "3.1.0" } })).text).toContain("has no webhooks");
    expect((await reason({ spec: { webhooks: { "has space": { post: {} } } } })).text).toContain("cannot be an event type name");
    expect((await reason({ spec: { webhooks: { "a.b": { get: {} } } } })).text).toContain("has no POST operation");
    expect((await reason({ spec: { webhooks: { "a.b": { post: { requestBody: { content: { "application/json": { schema: { $ref: "#/nowhere" } } } } } } } } })).text).toContain("does not point into the document");
    await apiError(f.svix.eventType.get("a.b"), 404);
  });

  test("a small document whose $refs or YAML aliases double at every level is refused, not expanded", async () => {
    // S0 names S1 twice, S1 names S2 twice, … : 2^30 objects once inlined.
    const schemas: Record<string, unknown> = { S30: { type: "string" } };
    for (let i = 29; i >= 0; i--) schemas[`S${i}`] = { type: "object", properties: { a: { $ref: `#/components/schemas/S${i + 1}` }, b: { $ref: `#/components/schemas/S${i + 1}` } } };
    const spec = { webhooks: { "big.one": { post: { requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/S0" } } } } } } }, components: { schemas } };
    const r = await f.t.api("/api/v1/event-type/import/openapi", { body: { spec } });
    expect(r.status).toBe(422);
    expect(JSON.stringify(await r.json())).toContain("larger than 100,000 objects");
    // The same with YAML aliases, which the parser shares instead of copying: 10^6 once inlined.
    let anchors = "x:\n  a0: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n";
    for (let i = 1; i < 6; i++) anchors += `  a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(", ")}]\n`;
    const viaAlias = `${anchors}webhooks:\n  big.two:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object, examples: *a5}\n`;
    const r2 = await f.t.api("/api/v1/event-type/import/openapi", { body: { specRaw: viaAlias } });
    expect(r2.status).toBe(422);
    expect(JSON.stringify(await r2.json())).toContain("larger than 100,000 objects");
    await apiError(f.svix.eventType.get("big.one"), 404);
    await apiError(f.svix.eventType.get("big.two"), 404);
  });
});

describe("environment.export and environment.import", () => {
  test("the catalogue exported from one server imports into another, archived types and schemas included", async () => {
    await f.svix.eventType.create({ name: "env.kept", description: "Kept", schemas, groupName: "env" });
    await f.svix.eventType.create({ name: "env.gone", description: "Gone" });
    await f.svix.eventType.delete("env.gone");
    const doc = await f.svix.environment.export();
    expect(doc.connectors).toEqual([]);
    const byName = Object.fromEntries(doc.eventTypes.map((t) => [t.name, t]));
    expect(byName["env.kept"]).toMatchObject({ description: "Kept", schemas, groupName: "env", archived: false });
    expect(byName["env.gone"]).toMatchObject({ archived: true });

    const other = await apiFixture();
    try {
      await other.svix.eventType.create({ name: "env.local", description: "Only here" });
      await other.svix.environment.import({ eventTypes: doc.eventTypes, settings: doc.settings });
      expect(await other.svix.eventType.get("env.kept")).toMatchObject({ description: "Kept", schemas, groupName: "env", archived: false });
      expect((await other.svix.eventType.get("env.gone")).archived).toBe(true);
      expect((await other.svix.eventType.get("env.local")).description).toBe("Only here");
      // Importing the same document again, a minute later, changes nothing.
      const before = (await other.svix.eventType.get("env.kept")).updatedAt;
      other.t.clock.set(other.t.clock.now() + 60_000);
      await other.svix.environment.import({ eventTypes: doc.eventTypes });
      expect((await other.svix.eventType.get("env.kept")).updatedAt).toEqual(before);
    } finally {
      await other.close();
    }
  });

  test("a bad document is refused whole with the field named, and nothing is written", async () => {
    const post = (body: unknown) => f.t.api("/api/v1/environment/import", { body });
    const bad = async (body: unknown) => { const r = await post(body); expect(r.status).toBe(422); return locs(await r.json()); };
    expect(await bad({ eventTypes: [{ name: "ok.one" }, { name: "has space" }] })).toEqual([["body", "eventTypes", "1", "name"]]);
    expect(await bad({ eventTypes: [{ name: "dup.one" }, { name: "dup.one" }] })).toEqual([["body", "eventTypes", "1", "name"]]);
    expect(await bad({ eventTypes: "no" })).toEqual([["body", "eventTypes"]]);
    expect(await bad({ connectors: [{ name: "x" }] })).toEqual([["body", "connectors"]]);
    expect(await bad({ version: 2 })).toEqual([["body", "version"]]);
    await apiError(f.svix.eventType.get("ok.one"), 404);
    expect((await post({})).status).toBe(204);
  });
});
