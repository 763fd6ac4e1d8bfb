import { describe, test, expect, beforeAll, afterAll } from "bun:test";
import { Svix as Svix2 } from "svix2";
import { apiFixture, apiError, locs, LATER, type ApiFixture } from "./helpers";
import { startReceiver, type Receiver } from "../../helpers/receiver";

let f: ApiFixture;
let rx: Receiver;
beforeAll(async () => {
  f = await apiFixture();
  rx = startReceiver();
  await f.svix.application.create({ name: "Acme", uid: "acme" });
  await f.svix.eventType.create({ name: "invoice.paid", description: "", schemas: { "1": { examples: [{ example: "one" }, { example: "two" }] } } });
  await f.svix.eventType.create({ name: "invoice.void", description: "" });
});
afterAll(async () => { await f.close(); rx.close(); });

describe("endpoints through the svix SDK", () => {
  test("create, get by id and uid, list, patch, update and delete", async () => {
    const ep = await f.svix.endpoint.create("acme", { url: `${rx.url}/a`, uid: "ep-a", description: "A", filterTypes: ["invoice.paid"], channels: ["c1"], metadata: { k: "v" } });
    expect(ep.id).toMatch(/^ep_/);
    expect(ep).toMatchObject({ url: `${rx.url}/a`, uid: "ep-a", version: 1, disabled: false, filterTypes: ["invoice.paid"], channels: ["c1"], metadata: { k: "v" } });
    expect((await f.svix.endpoint.get("acme", "ep-a")).id).toBe(ep.id);
    expect((await f.svix.endpoint.list("acme")).data.map((e) => e.id)).toContain(ep.id);

    const patched = await f.svix.endpoint.patch("acme", "ep-a", { description: "A2", filterTypes: null });
    expect(patched).toMatchObject({ description: "A2", filterTypes: null, channels: ["c1"] });

    const updated = await f.svix.endpoint.update("acme", ep.id, { url: `${rx.url}/b` });
    expect(updated).toMatchObject({ url: `${rx.url}/b`, description: "", channels: null, uid: null });

    await f.svix.endpoint.delete("acme", ep.id);
    await apiError(f.svix.endpoint.get("acme", ep.id), 404);
    await apiError(f.svix.endpoint.get("no-such-app", ep.id), 404);
  });

  test("PUT keeps the custom headers and an unknown uid creates the endpoint (201)", async () => {
    const ep = await f.svix.endpoint.create("acme", { url: rx.url, headers: { "x-tenant": "t1" } });
    await f.svix.endpoint.update("acme", ep.id, { url: `${rx.url}/x` });
    expect((await f.svix.endpoint.getHeaders("acme", ep.id)).headers).toEqual({ "x-tenant": "t1" });
    const res = await f.t.api("/api/v1/app/acme/endpoint/put-created", { method: "PUT", body: { url: rx.url } });
    expect(res.status).toBe(201);
    expect((await f.svix.endpoint.get("acme", "put-created")).url).toBe(rx.url);
  });

  test("svix 2.x upsert by uid twice updates the same endpoint and keeps its uid", async () => {
    const svix2 = new Svix2(f.t.token, { serverUrl: f.t.url });
    const first = await svix2.endpoint.upsert("acme", "ep-upsert", { url: `${rx.url}/1` });
    const second = await svix2.endpoint.upsert("acme", "ep-upsert", { url: `${rx.url}/2` });
    const third = await svix2.endpoint.upsert("acme", "ep-upsert", { url: `${rx.url}/3` });
    expect([second.id, third.id]).toEqual([first.id, first.id]);
    expect(third).toMatchObject({ uid: "ep-upsert", url: `${rx.url}/3` });
    expect(f.rows("SELECT id FROM endpoints WHERE uid = ? OR url IN (?, ?, ?)", "ep-upsert", `${rx.url}/1`, `${rx.url}/2`, `${rx.url}/3`)).toHaveLength(1);
  });

  test("the 2.x field name eventTypes is accepted and echoed under both names", async () => {
    const res = await f.t.api("/api/v1/app/acme/endpoint", { body: { url: rx.url, eventTypes: ["invoice.void"] } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ filterTypes: ["invoice.void"], eventTypes: ["invoice.void"] });
  });

  test("bad input is a 422 naming the field: url, unknown event types, channels, secret, uid", async () => {
    expect(locs(await apiError(f.svix.endpoint.create("acme", { url: "not a url" }), 422))).toEqual([["body", "url"]]);
    expect(locs(await apiError(f.svix.endpoint.create("acme", { url: "ftp://example.com/" }), 422))).toEqual([["body", "url"]]);
    const unknown = await apiError(f.svix.endpoint.create("acme", { url: rx.url, filterTypes: ["no.such"] }), 422);
    expect(locs(unknown)).toEqual([["body", "filterTypes"]]);
    expect(unknown.detail[0].msg).toContain("no.such");
    const res = await f.t.api("/api/v1/app/acme/endpoint", { body: { url: rx.url, eventTypes: [] } });
    expect(locs(await res.json())).toEqual([["body", "eventTypes"]]);
    expect(locs(await apiError(f.svix.endpoint.create("acme", { url: rx.url, channels: Array.from({ length: 11 }, (_, i) => `c${i}`) }), 422))).toEqual([["body", "channels"]]);
    expect(locs(await apiError(f.svix.endpoint.create("acme", { url: rx.url, secret: "short" }), 422))).toEqual([["body", "secret"]]);
    expect(locs(await apiError(f.svix.endpoint.create("acme", { url: rx.url, uid: "a b" }), 422))).toEqual([["body", "uid"]]);
  });

  test("eventTypes and filterTypes together must name the same list: different lists are a 422, the same list is accepted", async () => {
    const differ = await f.t.api("/api/v1/app/acme/endpoint", { body: { url: rx.url, eventTypes: ["invoice.paid"], filterTypes: ["invoice.void"] } });
    expect(differ.status).toBe(422);
    expect(locs(await differ.json())).toEqual([["body", "eventTypes"]]);
    const nullVsList = await f.t.api("/api/v1/app/acme/endpoint", { body: { url: rx.url, eventTypes: null, filterTypes: ["invoice.void"] } });
    expect(nullVsList.status).toBe(422);
    const same = await f.t.api("/api/v1/app/acme/endpoint", { body: { url: rx.url, eventTypes: ["invoice.void", "invoice.paid"], filterTypes: ["invoice.paid", "invoice.void"] } });
    expect(same.status).toBe(201);
    const ep = await same.json();
    expect(ep.filterTypes.sort()).toEqual(["invoice.paid", "invoice.void"]);
    // A GET's output (both names) sent back unchanged is accepted.
    const { id: _id, createdAt: _c, updatedAt: _u, ...doc } = await (await f.t.api(`/api/v1/app/acme/endpoint/${ep.id}`)).json();
    expect((await f.t.api(`/api/v1/app/acme/endpoint/${ep.id}`, { method: "PUT", body: doc })).status).toBe(200);
  });

  test("a duplicate uid within the application is a 409", async () => {
    await f.svix.endpoint.create("acme", { url: rx.url, uid: "dup-ep" });
    await apiError(f.svix.endpoint.create("acme", { url: rx.url, uid: "dup-ep" }), 409);
  });

  test("disabling records a manual reason; enabling clears it", async () => {
    const ep = await f.svix.endpoint.create("acme", { url: rx.url });
    await f.svix.endpoint.patch("acme", ep.id, { disabled: true });
    expect(f.rows("SELECT disabled, disabled_reason FROM endpoints WHERE id = ?", ep.id)).toEqual([{ disabled: 1, disabled_reason: "manual" }]);
    await f.svix.endpoint.patch("acme", ep.id, { disabled: false });
    expect(f.rows("SELECT disabled, disabled_reason FROM endpoints WHERE id = ?", ep.id)).toEqual([{ disabled: 0, disabled_reason: null }]);
  });
});

describe("destination policy at endpoint creation", () => {
  test("a loopback URL is refused (422 on url) unless private destinations are allowed", async () => {
    const strict = await apiFixture({ HOOKRELAY_ALLOW_PRIVATE_DESTINATIONS: "false" });
    try {
      await strict.svix.application.create({ name: "S", uid: "s" });
      const body = await apiError(strict.svix.endpoint.create("s", { url: "http://127.0.0.1:8080/hook" }), 422);
      expect(locs(body)).toEqual([["body", "url"]]);
      expect(body.detail[0].msg).toContain("--allow-private-destinations");
      expect((await strict.svix.endpoint.create("s", { url: "https://example.com/hook" })).url).toBe("https://example.com/hook");
    } finally { await strict.close(); }
  });
});

describe("endpoint secrets", () => {
  test("a new endpoint gets a whsec_ secret; a given one is kept", async () => {
    const ep = await f.svix.endpoint.create("acme", { url: rx.url });
    expect((await f.svix.endpoint.getSecret("acme", ep.id)).key).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const mine = "whsec_" + Buffer.alloc(24, 7).toString("base64");
    const ep2 = await f.svix.endpoint.create("acme", { url: rx.url, secret: mine });
    expect((await f.svix.endpoint.getSecret("acme", ep2.id)).key).toBe(mine);
    const sealed = f.rows<{ secret_enc: string }>("SELECT secret_enc FROM endpoints WHERE id = ?", ep2.id)[0].secret_enc;
    expect(sealed).not.toContain(mine.slice(6));
  });

  test("rotation makes the new key current and keeps the old one, sealed, until now + grace", async () => {
    const ep = await f.svix.endpoint.create("acme", { url: rx.url });
    const old = (await f.svix.endpoint.getSecret("acme", ep.id)).key;
    const next = "whsec_" + Buffer.alloc(32, 9).toString("base64");
    await f.svix.endpoint.rotateSecret("acme", ep.id, { key: next });
    expect((await f.svix.endpoint.getSecret("acme", ep.id)).key).toBe(next);
    const prev = JSON.parse(f.rows<{ p: string }>("SELECT previous_secrets AS p FROM endpoints WHERE id = ?", ep.id)[0].p);
    expect(prev).toHaveLength(1);
    expect(prev[0].expiresAt).toBe(f.t.clock.now() + 24 * 3600_000);
    expect(f.t.app.ctx.secrets.open(prev[0].enc)).toBe(old);

    await f.svix.endpoint.rotateSecret("acme", ep.id, { gracePeriodSeconds: 60 });
    const prev2 = JSON.parse(f.rows<{ p: string }>("SELECT previous_secrets AS p FROM endpoints WHERE id = ?", ep.id)[0].p);
    expect(prev2.map((p: any) => p.expiresAt)).toEqual([f.t.clock.now() + 60_000, f.t.clock.now() + 24 * 3600_000]);
    expect(f.t.app.ctx.secrets.open(prev2[0].enc)).toBe(next);
    expect(f.t.logs.join("\n")).not.toContain(next.slice(6));
  });
});

describe("endpoint headers", () => {
  test("update, patch (set, null-delete, deleteHeaders) and get with sensitive values hidden", async () => {
    const ep = await f.svix.endpoint.create("acme", { url: rx.url });
    await f.svix.endpoint.updateHeaders("acme", ep.id, { headers: { "X-Tenant": "t1", authorization: "Bearer s3cret", "x-a": "1" } });
    expect(await f.svix.endpoint.getHeaders("acme", ep.id)).toEqual({ headers: { "x-tenant": "t1", "x-a": "1" }, sensitive: ["authorization"] });
    await f.svix.endpoint.patchHeaders("acme", ep.id, { headers: { "x-region": "eu" }, deleteHeaders: ["x-tenant"] });
    const res = await f.t.api(`/api/v1/app/acme/endpoint/${ep.id}/headers`, { method: "PATCH", body: { headers: { "x-a": null } } });
    expect(res.status).toBe(204);
    expect((await f.svix.endpoint.getHeaders("acme", ep.id)).headers).toEqual({ "x-region": "eu" });
  });

  test("headers hookrelay sets itself cannot be overridden (422 naming the header)", async () => {
    const ep = await f.svix.endpoint.create("acme", { url: rx.url });
    const body = await apiError(f.svix.endpoint.updateHeaders("acme", ep.id, { headers: { "webhook-signature": "x" } }), 422);
    expect(locs(body)).toEqual([["body", "headers", "webhook-signature"]]);
  });
});

describe("stats and send-example", () => {
  test("stats count the endpoint's deliveries by state", async () => {
    const ep = await f.svix.endpoint.create("acme", { url: rx.url, filterTypes: ["invoice.void"] });
    for (let i = 0; i < 3; i++) await f.svix.message.create("acme", { eventType: "invoice.void", payload: { i }, deliverAt: LATER() });
    expect(await f.svix.endpoint.getStats("acme", ep.id)).toEqual({ success: 0, fail: 0, pending: 3, sending: 0, canceled: 0 });
  });

  test("send-example queues the event type's example for this endpoint only", async () => {
    const target = await f.svix.endpoint.create("acme", { url: rx.url, filterTypes: ["invoice.void"] });
    const bystander = await f.svix.endpoint.create("acme", { url: rx.url });
    const msg = await f.svix.endpoint.sendExample("acme", target.id, { eventType: "invoice.paid", exampleIndex: 1 });
    expect(msg).toMatchObject({ eventType: "invoice.paid", payload: { example: "two" } });
    const pairs = f.rows<{ endpoint_id: string }>("SELECT endpoint_id FROM deliveries WHERE message_id = ?", msg.id).map((r) => r.endpoint_id);
    expect(pairs).toEqual([target.id]);
    expect(pairs).not.toContain(bystander.id);
    expect(locs(await apiError(f.svix.endpoint.sendExample("acme", target.id, { eventType: "invoice.paid", exampleIndex: 5 }), 422))).toEqual([["body", "exampleIndex"]]);
    expect(locs(await apiError(f.svix.endpoint.sendExample("acme", target.id, { eventType: "no.such" }), 422))).toEqual([["body", "eventType"]]);
  });
});
