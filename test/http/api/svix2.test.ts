// The svix 2.x SDK (aliased dev dependency `svix2`) on the methods it renamed or reshaped; the
// full flow with both majors is done-when.test.ts.
import { describe, test, expect, beforeAll, afterAll } from "bun:test";
import { Svix, ApiException } from "svix2";
import { apiFixture, type ApiFixture } from "./helpers";
import { startReceiver, type Receiver } from "../../helpers/receiver";

let f: ApiFixture;
let svix: Svix;
let rx: Receiver;
beforeAll(async () => {
  f = await apiFixture();
  svix = new Svix(f.t.token, { serverUrl: f.t.url });
  rx = startReceiver();
});
afterAll(async () => { rx.close(); await f.close(); });

describe("svix 2.x SDK", () => {
  test("eventType.upsert creates then replaces; endpoint eventTypes filter round-trips", async () => {
    await svix.eventType.upsert("order.paid", { description: "first" });
    expect((await svix.eventType.upsert("order.paid", { description: "second" })).description).toBe("second");
    const app = await svix.application.create({ name: "Two" });
    const ep = await svix.endpoint.create(app.id, { url: rx.url, eventTypes: ["order.paid"] });
    expect((await svix.endpoint.get(app.id, ep.id)).eventTypes).toEqual(["order.paid"]);
  });

  test("endpoint.setHeaders replaces the custom headers; patchHeaders edits them", async () => {
    const app = await svix.application.create({ name: "Headers" });
    const ep = await svix.endpoint.create(app.id, { url: rx.url });
    await svix.endpoint.setHeaders(app.id, ep.id, { headers: { "x-a": "1", "x-b": "2" } });
    await svix.endpoint.patchHeaders(app.id, ep.id, { headers: { "x-c": "3" }, deleteHeaders: ["x-a"] });
    expect((await svix.endpoint.getHeaders(app.id, ep.id)).headers).toEqual({ "x-b": "2", "x-c": "3" });
  });

  test("the 2.x-only routes docs/api.md lists as not implemented answer 404", async () => {
    const app = await svix.application.create({ name: "Missing" });
    const ep = await svix.endpoint.create(app.id, { url: rx.url });
    const status = (p: Promise<unknown>) => p.then(() => 200, (e) => (e as { code: number }).code);
    // message.bulkExpungeContent is implemented (test/http/api/messages.test.ts); destinations of
    // type pollingEndpoint are too (below).
    expect((await f.t.api(`/api/v1/app/${app.id}/autoconfig`, { body: {} })).status).toBe(404);
    expect((await f.t.api(`/api/v1/app/${app.id}/endpoint/${ep.id}/auto-config`, { method: "PUT", body: {} })).status).toBe(404);
  });

  test("a pollingEndpoint destination is a polling endpoint: created, read through message.poller, disabled and deleted by the destination API", async () => {
    await svix.eventType.upsert("dest.paid", { description: "" });
    const app = await svix.application.create({ name: "Destinations" });
    const d = await svix.destination.create(app.id, { type: "pollingEndpoint", config: {}, uid: "audit", eventTypes: ["dest.paid"], metadata: { team: "ops" } } as never);
    expect(d).toMatchObject({ type: "pollingEndpoint", uid: "audit", status: "enabled", eventTypes: ["dest.paid"], metadata: { team: "ops" } });
    expect(d.id).toMatch(/^poll_/);
    const m = await svix.message.create(app.id, { eventType: "dest.paid", payload: { n: 1 }, deliverAt: new Date(Date.UTC(2030, 0, 1)) });
    expect((await svix.message.poller.poll(app.id, "audit")).data.map((x) => x.id)).toEqual([m.id]);
    expect((await svix.destination.list(app.id)).data.map((x) => x.id)).toEqual([d.id]);
    // The same object through hookrelay's own route.
    expect((await (await f.t.api(`/api/v1/app/${app.id}/polling-endpoint/audit`)).json())).toMatchObject({ id: d.id, disabled: false, metadata: { team: "ops" } });

    expect((await svix.destination.patch(app.id, "audit", { status: "disabled" } as never)).status as string).toBe("disabled");
    const refused = await svix.message.poller.poll(app.id, "audit").catch((e) => e);
    expect(refused.code).toBe(409);
    const upserted = await svix.destination.upsert(app.id, "audit", { type: "pollingEndpoint", config: {} } as never);
    expect(upserted).toMatchObject({ id: d.id, uid: "audit", status: "enabled", eventTypes: null, metadata: {} });
    const created = await svix.destination.upsert(app.id, "second", { type: "pollingEndpoint", config: {} } as never);
    expect(created.uid).toBe("second");

    const bad = await svix.destination.create(app.id, { type: "amazonS3", config: { bucket: "b", region: "r", accessKeyId: "a", secretAccessKey: "s" } } as never).catch((e) => e);
    expect(bad.code).toBe(422);
    expect(JSON.stringify(bad.body)).toContain("pollingEndpoint");
    await svix.destination.delete(app.id, d.id);
    expect(((await svix.destination.get(app.id, d.id).catch((e) => e)) as { code: number }).code).toBe(404);
  });

  test("errors arrive as the 2.x ApiException with Svix's status", async () => {
    const err = await svix.application.get("app_none").catch((e) => e);
    expect(err).toBeInstanceOf(ApiException);
    expect(err.code).toBe(404);
  });
});
