import { describe, expect, test, afterEach } from "bun:test";
import { Webhook } from "standardwebhooks";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { startReceiver, type Receiver, type Received } from "../helpers/receiver";
import { generateSecret } from "../../src/signing/standard-webhooks";
import { listAlerts, acknowledgeAlerts, countUnacknowledgedAlerts } from "../../src/store/alerts";
import { OPERATIONAL_APP_UID } from "../../src/ops/operational/operational-app";
import { REJECT_BURST } from "../../src/ops/operational/notifier";

let t: TestApp | undefined;
const receivers: Receiver[] = [];
afterEach(async () => { for (const r of receivers.splice(0)) r.close(); await t?.close(); t = undefined; });

const rx = () => { const r = startReceiver(); receivers.push(r); return r; };
const idle = () => (t!.app.ctx.services.delivery as { idle(): Promise<void> }).idle();

async function ok(res: Response): Promise<any> {
  const body = await res.json();
  if (res.status >= 300) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** An app with operational webhooks going to `ops`, and a customer app whose endpoint is `customer`. */
async function setup(ops: Receiver, customer: Receiver, env: Record<string, string> = {}) {
  const secret = generateSecret();
  t = await createTestApp({
    env: {
      HOOKRELAY_OPERATIONAL_WEBHOOK_URL: `${ops.url}/ops`, HOOKRELAY_OPERATIONAL_WEBHOOK_SECRET: secret,
      HOOKRELAY_ALLOW_PRIVATE_DESTINATIONS: "true", HOOKRELAY_RETRY_SCHEDULE: "0s", ...env,
    },
  });
  // Signatures carry the fake clock's time; standardwebhooks checks it against the real one.
  t.clock.set(Date.now());
  const app = await ok(await t.api("/api/v1/app", { body: { name: "customer", uid: "acme" } }));
  const ep = await ok(await t.api(`/api/v1/app/${app.id}/endpoint`, { body: { url: `${customer.url}/hook`, uid: "acme-main" } }));
  const send = async (payload: unknown = { hello: "world" }, eventId?: string) =>
    ok(await t!.api(`/api/v1/app/${app.id}/msg`, { body: { eventType: "invoice.paid", payload, ...(eventId ? { eventId } : {}) } }));
  return { secret, app, ep, send };
}

/** Verifies with the standardwebhooks library (a receiver's view) and returns the parsed event. */
function verified(secret: string, r: Received): { type: string; timestamp: string; data: Record<string, any> } {
  return new Webhook(secret).verify(r.body, r.headers) as any;
}

describe("operational webhooks", () => {
  test("a message that exhausts its retries sends endpoint.failing and message.attempt.exhausted, signed and verifiable", async () => {
    const ops = rx();
    const customer = rx();
    customer.fallback = () => new Response("down", { status: 503 });
    const { secret, app, ep, send } = await setup(ops, customer);
    const msg = await send({ n: 1 }, "evt-1");
    await customer.waitFor(1);
    const got = await ops.waitFor(2);
    expect(got.every((r) => r.path === "/ops")).toBe(true);
    const events = got.map((r) => verified(secret, r));
    const byType = Object.fromEntries(events.map((e) => [e.type, e]));
    expect(Object.keys(byType).sort()).toEqual(["endpoint.failing", "message.attempt.exhausted"]);
    expect(byType["endpoint.failing"].data).toMatchObject({ appId: app.id, appUid: "acme", endpointId: ep.id, endpointUid: "acme-main" });
    expect(byType["message.attempt.exhausted"].data).toMatchObject({
      appId: app.id, endpointId: ep.id, msgId: msg.id, msgEventId: "evt-1", reason: "exhausted", lastAttempt: { responseStatusCode: 503 },
    });
    expect(byType["message.attempt.exhausted"].data.lastAttempt.id).toMatch(/^atmpt_/);
    // Never the customer's URL, payload or secret.
    for (const r of got) { expect(r.body).not.toContain(customer.url); expect(r.body).not.toContain('"n":1'); }
    // The same events are alerts for the UI.
    const alerts = listAlerts(t!.app.ctx.store);
    expect(alerts.map((a) => a.type).sort()).toEqual(["endpoint.failing", "message.attempt.exhausted"]);
    expect(alerts.find((a) => a.type === "message.attempt.exhausted")).toMatchObject({ appId: app.id, endpointId: ep.id, messageId: msg.id });
    expect(countUnacknowledgedAlerts(t!.app.ctx.store)).toBe(2);
    expect(acknowledgeAlerts(t!.app.ctx.store, t!.clock.now())).toBe(2);
    expect(listAlerts(t!.app.ctx.store, { unacknowledgedOnly: true })).toHaveLength(0);
  });

  test("an endpoint answering 410 sends endpoint.disabled; a retry that succeeds sends message.attempt.recovered", async () => {
    const ops = rx();
    const customer = rx();
    customer.respond(new Response("nope", { status: 500 }), new Response("ok"), new Response("gone", { status: 410 }));
    const { secret, send } = await setup(ops, customer, { HOOKRELAY_RETRY_SCHEDULE: "0s,1s" });
    await send();
    await customer.waitFor(1);
    await idle();
    t!.clock.advance(5_000);
    await t!.app.ctx.scheduler.tick();
    await customer.waitFor(2);
    await idle();
    await send();
    await customer.waitFor(3);
    await idle();
    // Every alert raised so far is also a webhook (none is about the operational app itself).
    const alerts = listAlerts(t!.app.ctx.store);
    const types = (await ops.waitFor(alerts.length)).map((r) => verified(secret, r).type);
    expect(types.sort()).toEqual(alerts.map((a) => a.type).sort());
    expect(types).toContain("message.attempt.recovered");
    expect(types).toContain("endpoint.disabled");
    const disabled = listAlerts(t!.app.ctx.store, { type: "endpoint.disabled" })[0];
    expect(disabled.data).toMatchObject({ trigger: "automatic" });
  });

  test("a burst of failed verifications at an ingest URL sends one source.rejecting per cooldown", async () => {
    const ops = rx();
    const { secret } = await setup(ops, rx());
    const src = await ok(await t!.api("/ingest/api/v1/source", { body: { name: "stripe prod", uid: "stripe-prod", type: "stripe", config: { secret: "whsec_test_stripe" } } }));
    const burst = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const r = await fetch(src.ingestUrl, { method: "POST", body: "{}", headers: { "stripe-signature": "t=1,v1=bad" } });
        expect(r.status).toBe(401);
      }
    };
    await burst(REJECT_BURST.threshold - 1);
    t!.clock.advance(REJECT_BURST.checkEveryMs);
    await t!.app.ctx.scheduler.tick();
    expect(listAlerts(t!.app.ctx.store, { type: "source.rejecting" })).toHaveLength(0); // below the threshold
    await burst(1);
    t!.clock.advance(REJECT_BURST.checkEveryMs);
    await t!.app.ctx.scheduler.tick();
    const [r] = await ops.waitFor(1);
    const e = verified(secret, r);
    expect(e.type).toBe("source.rejecting");
    expect(e.data).toMatchObject({ sourceId: src.id, sourceUid: "stripe-prod", rejected: REJECT_BURST.threshold });
    // Still rejecting a minute later: no second alert inside the cooldown.
    await burst(3);
    t!.clock.advance(REJECT_BURST.checkEveryMs);
    await t!.app.ctx.scheduler.tick();
    expect(listAlerts(t!.app.ctx.store, { type: "source.rejecting" })).toHaveLength(1);
  });

  test("failures of the operational endpoint itself are alerts only, never new operational webhooks", async () => {
    const ops = rx();
    ops.fallback = () => new Response("operator inbox down", { status: 500 });
    const customer = rx();
    customer.fallback = () => new Response("down", { status: 500 });
    const { send } = await setup(ops, customer);
    const opApp = await ok(await t!.api(`/api/v1/app/${OPERATIONAL_APP_UID}`));
    await send();
    await customer.waitFor(1);
    await ops.waitFor(2);
    await idle();
    await idle();
    const opMessages = (await ok(await t!.api(`/api/v1/app/${opApp.id}/msg`))).data;
    expect(opMessages).toHaveLength(2); // failing + exhausted for the customer's endpoint, nothing about itself
    const own = listAlerts(t!.app.ctx.store).filter((a) => a.appId === opApp.id);
    expect(own.map((a) => a.type).sort()).toEqual(["endpoint.failing", "message.attempt.exhausted", "message.attempt.exhausted"]);
  });

  test("the operational app and endpoint are created once and follow a changed URL and secret across restarts", async () => {
    const a = rx();
    await setup(a, rx());
    const dir = t!.dataDir;
    const appsBefore = (await ok(await t!.api("/api/v1/app"))).data.filter((x: any) => x.uid === OPERATIONAL_APP_UID);
    expect(appsBefore).toHaveLength(1);
    await t!.app.stop(1000);
    const b = rx();
    const secret2 = generateSecret();
    const t2 = await createTestApp({ env: { HOOKRELAY_ALLOW_PRIVATE_DESTINATIONS: "true", HOOKRELAY_DATA_DIR: dir, HOOKRELAY_OPERATIONAL_WEBHOOK_URL: `${b.url}/new`, HOOKRELAY_OPERATIONAL_WEBHOOK_SECRET: secret2 } });
    try {
      const eps = (await ok(await t2.api(`/api/v1/app/${OPERATIONAL_APP_UID}/endpoint`))).data;
      expect(eps).toHaveLength(1);
      expect(eps[0].url).toBe(`${b.url}/new`);
      expect((await ok(await t2.api(`/api/v1/app/${OPERATIONAL_APP_UID}/endpoint/${eps[0].id}/secret`))).key).toBe(secret2);
      expect((await ok(await t2.api("/api/v1/app"))).data.filter((x: any) => x.uid === OPERATIONAL_APP_UID)).toHaveLength(1);
    } finally { await t2.close(); }
  });

  test("a malformed --operational-webhook-secret stops the start with a clear message", async () => {
    await expect(createTestApp({ env: { HOOKRELAY_ALLOW_PRIVATE_DESTINATIONS: "true", HOOKRELAY_OPERATIONAL_WEBHOOK_URL: "http://127.0.0.1:9/x", HOOKRELAY_OPERATIONAL_WEBHOOK_SECRET: "hunter2" } }))
      .rejects.toThrow(/operational-webhook-secret/);
  });
});


test("a private --operational-webhook-url is refused at start like any endpoint URL", async () => {
  const { createTestApp } = await import("../helpers/test-app");
  await expect(createTestApp({ env: { HOOKRELAY_OPERATIONAL_WEBHOOK_URL: "http://169.254.169.254/latest" } })).rejects.toThrow(/operational-webhook-url: destination 169\.254\.169\.254 is a link-local address/);
});
