// The "Done when", end to end, once with each svix SDK major (1.x as `svix`, 2.x as the
// aliased dev dependency `svix2`): everything the script does goes through the SDK; the test only
// plays the receiver (verifying each signature with standardwebhooks and with the SDK's own
// Webhook class) and moves the fake clock.
import { describe, test, expect, afterAll } from "bun:test";
import * as svix1 from "svix";
import * as svix2 from "svix2";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { createTestApp, type TestApp } from "../../helpers/test-app";
import { startReceiver, type Received } from "../../helpers/receiver";
import { deliveryEngine } from "../../../src/delivery";
import { outboundServices } from "../../../src/http/api/services";

// Both majors share these names; the script only uses what both have.
type Sdk = Pick<typeof svix1, "Svix" | "Webhook" | "MessageAttemptTriggerType" | "MessageStatusText" | "BackgroundTaskStatus">;
const SDKS: [string, Sdk, 1 | 2][] = [["svix 1.x", svix1, 1], ["svix 2.x", svix2 as unknown as Sdk, 2]];

const rx = startReceiver();
const apps: TestApp[] = [];
afterAll(async () => { rx.close(); for (const t of apps) await t.close(); });

describe.each(SDKS)("with %s", (_name, sdk, major) => test("a svix SDK script creates, sends, sees retries, lists attempts, rotates, resends and recovers", async () => {
  const { Svix, Webhook, MessageAttemptTriggerType, MessageStatusText, BackgroundTaskStatus } = sdk;
  rx.requests.length = 0;
  const t = await createTestApp({ env: { HOOKRELAY_ALLOW_PRIVATE_DESTINATIONS: "true", HOOKRELAY_RETRY_SCHEDULE: "0s,5s" } });
  apps.push(t);
  // Receivers check webhook-timestamp against real time: run the fake clock from now.
  t.clock.set(Date.now());
  const engine = deliveryEngine(t.app.ctx);
  const deliver = async () => { engine.cycle(); await engine.idle(); };
  const svix = new Svix(t.token, { serverUrl: t.url });
  // Both verifiers must accept every delivery (each throws on a bad signature). svix 1.x's verify
  // returns the parsed payload, 2.x's returns nothing.
  const verify = (req: Received, secret: string) => {
    const payload = new StandardWebhook(secret).verify(req.body, req.headers);
    const viaSdk: unknown = new Webhook(secret).verify(req.body, req.headers);
    expect(viaSdk).toEqual(major === 1 ? payload : undefined);
    return payload;
  };

  // Set up: app, event type, endpoint (2.x names the filter eventTypes, 1.x filterTypes); read the secret.
  const app = await svix.application.create({ name: "Acme", uid: "acme" });
  await svix.eventType.create({ name: "invoice.paid", description: "An invoice was paid" });
  const ep = await svix.endpoint.create(app.id, { url: `${rx.url}/webhooks`, ...(major === 2 ? { eventTypes: ["invoice.paid"] } : { filterTypes: ["invoice.paid"] }) });
  expect(ep.filterTypes ?? (ep as { eventTypes?: string[] }).eventTypes).toEqual(["invoice.paid"]);
  const secret = (await svix.endpoint.getSecret(app.id, ep.id)).key;

  // A message arrives signed.
  const m1 = await svix.message.create(app.id, { eventType: "invoice.paid", payload: { invoice: 1 } });
  await deliver();
  const [first] = await rx.waitFor(1);
  expect(first.headers["webhook-id"]).toBe(m1.id);
  expect(verify(first, secret)).toEqual({ invoice: 1 });

  // A 500 is retried after the schedule's 5 s (±20 % jitter), then succeeds.
  rx.respond(new Response("temporarily broken", { status: 500 }));
  const m2 = await svix.message.create(app.id, { eventType: "invoice.paid", payload: { invoice: 2 } });
  await deliver();
  await rx.waitFor(2);
  t.clock.advance(6_000);
  await deliver();
  const retried = (await rx.waitFor(3))[2];
  expect(retried.headers["webhook-id"]).toBe(m2.id);
  expect(verify(retried, secret)).toEqual({ invoice: 2 });

  // The attempts, with response bodies.
  const attempts = (await svix.messageAttempt.listByMsg(app.id, m2.id)).data;
  expect(attempts.map((a) => [a.responseStatusCode, a.response])).toEqual([[200, "ok"], [500, "temporarily broken"]]);

  // Rotation: during the grace period each delivery carries both signatures, each verifies.
  await svix.endpoint.rotateSecret(app.id, ep.id, {});
  const rotated = (await svix.endpoint.getSecret(app.id, ep.id)).key;
  expect(rotated).not.toBe(secret);
  await svix.message.create(app.id, { eventType: "invoice.paid", payload: { invoice: 3 } });
  await deliver();
  const signed = (await rx.waitFor(4))[3];
  expect(signed.headers["webhook-signature"].split(" ")).toHaveLength(2);
  expect(verify(signed, rotated)).toEqual({ invoice: 3 });
  expect(verify(signed, secret)).toEqual({ invoice: 3 });

  // Resend the first message: same webhook-id, a manual attempt.
  await svix.messageAttempt.resend(app.id, m1.id, ep.id);
  await deliver();
  const resent = (await rx.waitFor(5))[4];
  expect(resent.headers["webhook-id"]).toBe(m1.id);
  expect((await svix.messageAttempt.listByMsg(app.id, m1.id)).data[0].triggerType).toBe(MessageAttemptTriggerType.Manual);

  // A message that fails its whole schedule, then is recovered.
  rx.respond(new Response("down", { status: 503 }), new Response("down", { status: 503 }));
  const m4 = await svix.message.create(app.id, { eventType: "invoice.paid", payload: { invoice: 4 } });
  await deliver();
  await rx.waitFor(6);
  t.clock.advance(6_000);
  await deliver();
  await rx.waitFor(7);
  const [failed] = (await svix.messageAttempt.listAttemptedMessages(app.id, ep.id)).data;
  expect([failed.id, failed.statusText]).toEqual([m4.id, "fail"]);
  const task = await svix.endpoint.recover(app.id, ep.id, { since: new Date(t.clock.now() - 60_000) });
  await outboundServices(t.app.ctx).tasks.idle();
  expect((await svix.backgroundTask.get(task.id)).status).toBe(BackgroundTaskStatus.Finished);
  await deliver();
  const recovered = (await rx.waitFor(8))[7];
  expect(recovered.headers["webhook-id"]).toBe(m4.id);
  expect(verify(recovered, rotated)).toEqual({ invoice: 4 });
  expect((await svix.messageAttempt.listAttemptedMessages(app.id, ep.id)).data[0].statusText).toBe(MessageStatusText.Success);
}));
