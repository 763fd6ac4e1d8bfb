// `--commit-window` end to end: the real server with a 20 ms window, the svix SDK as the client, a
// loopback receiver verifying each signature with standardwebhooks. Messages are answered only
// once committed, every one is delivered and its attempt is listed; results ride the group commit.
import { describe, test, expect, afterAll } from "bun:test";
import { Svix } from "svix";
import { Webhook } from "standardwebhooks";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { startReceiver } from "../helpers/receiver";
import { deliveryEngine } from "../../src/delivery";
import { outboundServices } from "../../src/http/api/services";

const rx = startReceiver();
let t: TestApp | undefined;
afterAll(async () => { rx.close(); await t?.close(); });

describe("commit window", () => {
  test("with --commit-window 20ms, messages sent in a burst share commits, and each is delivered signed with its attempt logged", async () => {
    t = await createTestApp({ env: { HOOKRELAY_ALLOW_PRIVATE_DESTINATIONS: "true" }, flags: { "commit-window": "20ms" } });
    t.clock.set(Date.now()); // the verifier checks webhook-timestamp against real time
    const writer = outboundServices(t.app.ctx).writer;
    expect(writer.windowMs).toBe(20);
    const svix = new Svix(t.token, { serverUrl: t.url });
    const app = await svix.application.create({ name: "Acme" });
    const ep = await svix.endpoint.create(app.id, { url: `${rx.url}/hook` });
    const secret = (await svix.endpoint.getSecret(app.id, ep.id)).key;

    const before = { ...writer.stats };
    const sent = [];
    // One message, then a burst while its window runs: the burst waits and commits together.
    sent.push(await svix.message.create(app.id, { eventType: "invoice.paid", payload: { n: 0 } }));
    sent.push(...await Promise.all([1, 2, 3, 4].map((n) => svix.message.create(app.id, { eventType: "invoice.paid", payload: { n } }))));
    const engine = deliveryEngine(t.app.ctx);
    const received = await rx.waitFor(5);
    await engine.idle();
    // The five messages, plus the results, which rode the group commits instead of transactions of
    // the engine's own (without a window they do not: exactly five writes).
    expect(writer.stats.writes - before.writes).toBeGreaterThan(5);
    expect(writer.stats.commits - before.commits).toBeLessThan(writer.stats.writes - before.writes);

    const wh = new Webhook(secret);
    expect(received.map((r) => (wh.verify(r.body, r.headers) as { n: number }).n).sort()).toEqual([0, 1, 2, 3, 4]);
    for (const m of sent) {
      const attempts = (await svix.messageAttempt.listByMsg(app.id, m.id)).data;
      expect(attempts.map((a) => a.responseStatusCode)).toEqual([200]);
    }
  });
});
