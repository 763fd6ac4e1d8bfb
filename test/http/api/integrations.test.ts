// Integrations through the real svix SDK: keys scoped to one application, stored hashed, shown on
// creation and rotation only, and refused everywhere outside their application.
import { describe, test, expect, beforeAll, afterAll } from "bun:test";
import { Svix } from "svix";
import { apiFixture, apiError, LATER, type ApiFixture } from "./helpers";
import { startReceiver, type Receiver } from "../../helpers/receiver";

let f: ApiFixture;
let rx: Receiver;
beforeAll(async () => {
  f = await apiFixture();
  rx = startReceiver();
  await f.svix.eventType.create({ name: "order.paid", description: "" });
});
afterAll(async () => { rx.close(); await f.close(); });

/** A new integration of `appId` and a key for it (the SDK drops the create answer's key, so it rotates, as an SDK user would). */
async function integrationKey(appId: string, name = "Zapier") {
  const integ = await f.svix.integration.create(appId, { name });
  const { key } = await f.svix.integration.rotateKey(appId, integ.id);
  return { integ, key, svix: new Svix(key, { serverUrl: f.t.url }) };
}

describe("integration CRUD", () => {
  test("create answers the key once; list, get, update and delete; getKey is 409 because keys are kept hashed", async () => {
    const app = await f.svix.application.create({ name: "Integrated" });
    const created = await (await f.t.api(`/api/v1/app/${app.id}/integration`, { body: { name: "Zapier", featureFlags: ["beta"] } })).json();
    expect(created).toMatchObject({ name: "Zapier", featureFlags: ["beta"] });
    expect(created.key).toMatch(/^hri_/);
    expect(created.keyPrefix).toBe(created.key.slice(0, 10));
    const [row] = f.rows<{ key_hash: string }>("SELECT key_hash FROM integrations WHERE id = ?", created.id);
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);

    expect((await f.svix.integration.list(app.id)).data.map((i) => i.name)).toEqual(["Zapier"]);
    expect((await f.svix.integration.get(app.id, created.id)).featureFlags).toEqual(["beta"]);
    expect((await f.svix.integration.update(app.id, created.id, { name: "Zapier (prod)" })).name).toBe("Zapier (prod)");
    const body = await apiError(f.svix.integration.getKey(app.id, created.id), 409);
    expect(body.detail).toContain("rotate");
    await f.svix.integration.delete(app.id, created.id);
    await apiError(f.svix.integration.get(app.id, created.id), 404);
    expect((await f.t.api(`/api/v1/app/${app.id}/integration/x`, { token: created.key })).status).toBe(401);
    expect((await f.t.api(`/api/v1/app/${app.id}/integration`, { body: {} })).status).toBe(422);
  });
});

describe("an integration key", () => {
  test("works on its own application: endpoints, messages, attempts, by id or uid, and reads the event types", async () => {
    const app = await f.svix.application.create({ name: "Scoped", uid: "scoped" });
    const { svix, key } = await integrationKey(app.id);
    const ep = await svix.endpoint.create("scoped", { url: `${rx.url}/hook`, filterTypes: ["order.paid"] });
    const msg = await svix.message.create(app.id, { eventType: "order.paid", payload: { n: 1 }, deliverAt: LATER() } as never);
    expect((await svix.message.get("scoped", msg.id)).payload).toEqual({ n: 1 });
    expect((await svix.endpoint.list(app.id)).data.map((e) => e.id)).toEqual([ep.id]);
    expect((await svix.eventType.list()).data.map((t) => t.name)).toContain("order.paid");
    expect((await svix.application.get("scoped")).id).toBe(app.id);
    expect(await (await f.t.api("/api/v1/auth/whoami", { token: key })).json()).toMatchObject({ name: "integration Zapier" });
    const audited = f.rows<{ actor: string; target: string }>("SELECT actor, target FROM audit_log WHERE target = ?", ep.id);
    expect(audited).toEqual([{ actor: "token:integration Zapier", target: ep.id }]);
  });

  test("is refused (403) outside its application, on the application's settings and on integrations; 401 once rotated", async () => {
    const app = await f.svix.application.create({ name: "Fenced" });
    const other = await f.svix.application.create({ name: "Neighbour" });
    const { integ, key, svix } = await integrationKey(app.id);
    await apiError(svix.application.list(), 403);
    await apiError(svix.application.create({ name: "Sneaky" }), 403);
    await apiError(svix.application.update(app.id, { name: "Renamed" }), 403);
    await apiError(svix.application.delete(app.id), 403);
    await apiError(svix.endpoint.list(other.id), 403);
    await apiError(svix.message.create(other.id, { eventType: "order.paid", payload: {} }), 403);
    await apiError(svix.eventType.create({ name: "sneaky.type", description: "" }), 403);
    await apiError(svix.integration.list(app.id), 403);
    await apiError(svix.integration.rotateKey(app.id, integ.id), 403);
    expect((await f.t.api("/ingest/api/v1/source", { token: key })).status).toBe(403);
    expect((await f.t.api("/api/v1/audit-log", { token: key })).status).toBe(403);
    expect((await f.svix.application.get(app.id)).name).toBe("Fenced");

    await f.svix.integration.rotateKey(app.id, integ.id);
    await apiError(svix.endpoint.list(app.id), 401);
  });

  test("a uid that spells another application's id does not lead the key to that application", async () => {
    const victim = await f.svix.application.create({ name: "Victim" });
    await f.svix.endpoint.create(victim.id, { url: `${rx.url}/victim` });
    const app = await f.svix.application.create({ name: "Lookalike", uid: victim.id });
    const { svix } = await integrationKey(app.id);
    // The routes resolve {app_id} with the id winning, so this path names the victim.
    await apiError(svix.endpoint.list(victim.id), 403);
    expect((await svix.endpoint.list(app.id)).data).toEqual([]);
  });

  test("deleting the application deletes its integrations, and their keys stop working", async () => {
    const app = await f.svix.application.create({ name: "Gone" });
    const { integ, svix } = await integrationKey(app.id);
    await f.svix.application.delete(app.id);
    expect(f.rows("SELECT id FROM integrations WHERE id = ?", integ.id)).toEqual([]);
    await apiError(svix.endpoint.list(app.id), 401);
  });
});
