// Svix's operationalWebhookEndpoint API through the real svix SDK: endpoints of the built-in
// operational application, added at run time (no --operational-webhook-url), filtered over the
// operational event types and sent to like any endpoint.
import { describe, expect, test, beforeAll, afterAll } from "bun:test";
import { Svix } from "svix";
import { Webhook } from "standardwebhooks";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { apiError } from "../http/api/helpers";
import { OPERATIONAL_APP_UID } from "../../src/ops/operational/operational-types";

let t: TestApp;
let svix: Svix;
let ops: Receiver;
let customer: Receiver;
beforeAll(async () => {
  t = await createTestApp({ env: { HOOKRELAY_ALLOW_PRIVATE_DESTINATIONS: "true", HOOKRELAY_RETRY_SCHEDULE: "0s" } });
  // Signatures carry the fake clock's time; standardwebhooks checks it against the real one.
  t.clock.set(Date.now());
  svix = new Svix(t.token, { serverUrl: t.url });
  ops = startReceiver();
  customer = startReceiver();
  customer.fallback = () => new Response("down", { status: 503 });
});
afterAll(async () => { ops.close(); customer.close(); await t.close(); });

describe("operationalWebhookEndpoint", () => {
  test("an endpoint added at run time receives the operational events its filter names, signed with its secret", async () => {
    expect((await svix.operationalWebhookEndpoint.list()).data).toEqual([]);
    const ep = await svix.operationalWebhookEndpoint.create({ url: `${ops.url}/ops`, uid: "pager", filterTypes: ["message.attempt.exhausted"] });
    expect(ep).toMatchObject({ uid: "pager", url: `${ops.url}/ops`, filterTypes: ["message.attempt.exhausted"], disabled: false });
    const { key } = await svix.operationalWebhookEndpoint.getSecret(ep.id);

    const app = await svix.application.create({ name: "customer" });
    await svix.endpoint.create(app.id, { url: `${customer.url}/hook` });
    const msg = await svix.message.create(app.id, { eventType: "invoice.paid", payload: {} });
    await customer.waitFor(1);
    const [got] = await ops.waitFor(1);
    const event = new Webhook(key).verify(got.body, got.headers) as { type: string; data: Record<string, unknown> };
    expect(event.type).toBe("message.attempt.exhausted");
    expect(event.data).toMatchObject({ appId: app.id, msgId: msg.id });
    // endpoint.failing was raised too (the alert), but the filter kept it from this endpoint.
    const alerts = t.app.ctx.store.sqlite.query("SELECT type FROM alerts ORDER BY id").all() as { type: string }[];
    expect(alerts.map((a) => a.type)).toContain("endpoint.failing");
    expect(ops.requests.length).toBe(1);
  });

  test("get by uid, update, headers, secret rotation and delete", async () => {
    const ep = await svix.operationalWebhookEndpoint.create({ url: `${ops.url}/second`, uid: "second", description: "first" });
    expect((await svix.operationalWebhookEndpoint.get("second")).id).toBe(ep.id);
    // A whole document, as Svix's update; addressed by its uid, the uid stays.
    const updated = await svix.operationalWebhookEndpoint.update("second", { url: `${ops.url}/moved`, description: "moved", filterTypes: ["endpoint.disabled"] });
    expect(updated).toMatchObject({ id: ep.id, uid: "second", url: `${ops.url}/moved`, description: "moved", filterTypes: ["endpoint.disabled"] });

    await svix.operationalWebhookEndpoint.updateHeaders(ep.id, { headers: { "X-Team": "ops", Authorization: "Bearer s3cret" } });
    expect(await svix.operationalWebhookEndpoint.getHeaders(ep.id)).toEqual({ headers: { "x-team": "ops" }, sensitive: ["authorization"] });
    const before = (await svix.operationalWebhookEndpoint.getSecret(ep.id)).key;
    await svix.operationalWebhookEndpoint.rotateSecret(ep.id, {});
    const after = (await svix.operationalWebhookEndpoint.getSecret(ep.id)).key;
    expect(after).toMatch(/^whsec_/);
    expect(after).not.toBe(before);

    const listed = (await svix.operationalWebhookEndpoint.list()).data.map((e) => e.uid);
    expect(listed).toEqual(["pager", "second"]);
    // The same endpoints as the built-in application's (docs/deploy.md, section 8).
    const viaApp = await (await t.api(`/api/v1/app/${OPERATIONAL_APP_UID}/endpoint/second`)).json();
    expect(viaApp.id).toBe(ep.id);

    await svix.operationalWebhookEndpoint.delete(ep.id);
    await apiError(svix.operationalWebhookEndpoint.get(ep.id), 404);
  });

  test("filters name operational event types only; a bad URL or a missing one is refused; unknown ids are 404", async () => {
    const bad = await apiError(svix.operationalWebhookEndpoint.create({ url: `${ops.url}/x`, filterTypes: ["invoice.paid"] }), 422);
    expect(JSON.stringify(bad)).toContain("operational events are endpoint.disabled");
    await apiError(svix.operationalWebhookEndpoint.create({ url: "not a url" }), 422);
    expect((await t.api("/api/v1/operational-webhook/endpoint", { body: {} })).status).toBe(422);
    await apiError(svix.operationalWebhookEndpoint.update("ep_none", { url: `${ops.url}/x` }), 404);
    await apiError(svix.operationalWebhookEndpoint.getSecret("ep_none"), 404);
    // The built-in application's own endpoint routes take operational filters too.
    const r = await t.api(`/api/v1/app/${OPERATIONAL_APP_UID}/endpoint`, { body: { url: `${ops.url}/y`, filterTypes: ["source.rejecting"] } });
    expect(r.status).toBe(201);
  });
});
