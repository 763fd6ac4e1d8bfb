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
    // message.bulkExpungeContent is implemented (test/http/api/messages.test.ts).
    expect(await status(svix.destination.list(app.id))).toBe(404);
    expect((await f.t.api(`/api/v1/app/${app.id}/autoconfig`, { body: {} })).status).toBe(404);
    expect((await f.t.api(`/api/v1/app/${app.id}/endpoint/${ep.id}/auto-config`, { method: "PUT", body: {} })).status).toBe(404);
  });

  test("errors arrive as the 2.x ApiException with Svix's status", async () => {
    const err = await svix.application.get("app_none").catch((e) => e);
    expect(err).toBeInstanceOf(ApiException);
    expect(err.code).toBe(404);
  });
});
