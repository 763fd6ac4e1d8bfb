import { afterEach, describe, expect, test } from "bun:test";
import { deliveryFixture, type Fixture } from "./fixture";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { REDACTED } from "../../src/delivery";
import { generateSecret } from "../../src/signing/standard-webhooks";
import { insertAttempt, type AttemptRecord } from "../../src/store/attempts";
import { writeTx } from "../../src/store/db";

let fx: Fixture;
let rx: Receiver;
afterEach(async () => { rx?.close(); await fx?.close(); });

describe("the attempt log", () => {
  test("records request headers, url, response status/headers/body, duration and trigger for each attempt", async () => {
    fx = await deliveryFixture();
    rx = startReceiver();
    rx.respond(new Response("received!", { status: 202, headers: { "x-receiver": "r1" } }));
    const ep = fx.endpoint({ url: `${rx.url}/path?q=1`, headers: { "x-visible": "yes" } });
    const msgId = fx.message([ep.id]);
    await fx.run();
    const [a] = fx.attempts(msgId);
    expect(a.id).toMatch(/^atmpt_[0-9A-Za-z]{23}$/);
    expect(a).toMatchObject({ url: `${rx.url}/path?q=1`, response_status: 202, response_body: "received!", success: 1, trigger_type: 0, attempt_number: 1, error_class: null });
    expect(JSON.parse(a.response_headers!)["x-receiver"]).toBe("r1");
    const sent = JSON.parse(a.request_headers);
    expect(sent).toMatchObject({ "webhook-id": msgId, "x-visible": "yes", "content-type": "application/json", "webhook-signature": REDACTED });
    expect(a.duration_ms).toBeGreaterThanOrEqual(0);
  });

  test("never contains a signing secret, a signature or a credential from custom headers", async () => {
    const old = generateSecret();
    fx = await deliveryFixture();
    rx = startReceiver();
    rx.fallback = () => new Response("", { status: 500 });
    const ep = fx.endpoint({
      url: rx.url, previousSecrets: [{ secret: old, expiresAt: fx.clock.now() + 60_000 }],
      headers: { Authorization: "Bearer tok-s3cr3t", "X-Api-Key": "key-s3cr3t", "X-Signature-Extra": "sig-s3cr3t" },
    });
    const msgId = fx.message([ep.id]);
    await fx.run();
    const [req] = await rx.waitFor(1);
    expect(req.headers.authorization).toBe("Bearer tok-s3cr3t"); // sent in clear to the receiver...
    const stored = JSON.stringify(fx.ctx.store.sqlite.query("SELECT * FROM attempts").all()) + fx.t.logs.join("\n");
    const forbidden = [ep.secret, ep.secret.slice(6), old, old.slice(6), "s3cr3t", ...req.headers["webhook-signature"].split(" ").map((s) => s.slice(3))];
    for (const f of forbidden) expect(stored).not.toContain(f); // ...but never stored
    const headers = JSON.parse(fx.attempts(msgId)[0].request_headers);
    expect(headers.authorization).toBe(REDACTED);
    expect(headers["x-api-key"]).toBe(REDACTED);
  });

  test("keeps at most response-body-limit bytes of a response body", async () => {
    fx = await deliveryFixture({ env: { HOOKRELAY_RESPONSE_BODY_LIMIT: "1KiB" } });
    rx = startReceiver();
    rx.respond(new Response("x".repeat(50_000)));
    const ep = fx.endpoint({ url: rx.url });
    const msgId = fx.message([ep.id]);
    await fx.run();
    const [a] = fx.attempts(msgId);
    expect(a.response_body).toHaveLength(1024);
    expect(a.success).toBe(1);
  });

  test("a message whose payload was expunged before sending fails without a request, with the reason logged", async () => {
    fx = await deliveryFixture();
    rx = startReceiver();
    const ep = fx.endpoint({ url: rx.url });
    const msgId = fx.message([ep.id]);
    fx.ctx.store.sqlite.run("UPDATE messages SET payload = NULL WHERE id = ?", [msgId]);
    await fx.run();
    expect(rx.requests).toHaveLength(0);
    expect(fx.attempts(msgId)[0]).toMatchObject({ error_class: "expunged", success: 0, response_status: null });
    expect(fx.delivery(msgId, ep.id).status).toBe("failed");
  });

  test("an attempt whose delivery was deleted in flight is not written, and the other results of its batch are", async () => {
    fx = await deliveryFixture();
    rx = startReceiver();
    const other = startReceiver();
    try {
      const releaseGone = rx.hold();
      const releaseKept = other.hold();
      const gone = fx.endpoint({ url: rx.url });
      const kept = fx.endpoint({ url: other.url });
      const msgId = fx.message([gone.id, kept.id]);
      fx.engine.cycle();
      await Promise.all([rx.waitFor(1), other.waitFor(1)]);
      // Deleting the endpoint cascades to its delivery while the request is still open.
      fx.t.app.ctx.store.sqlite.run("DELETE FROM endpoints WHERE id = ?", [gone.id]);
      releaseGone();
      releaseKept();
      await fx.engine.idle();
      const attempts = fx.attempts(msgId);
      expect(attempts).toHaveLength(1);
      expect(attempts[0]).toMatchObject({ response_status: 200, success: 1 });
      expect(fx.delivery(msgId, kept.id)).toMatchObject({ status: "success", attempt_count: 1 });
    } finally { other.close(); }
  });

  test("insertAttempt answers false for a missing delivery and leaves the rest of the transaction to commit", async () => {
    fx = await deliveryFixture();
    const ep = fx.endpoint({ url: "http://127.0.0.1:9/x" });
    const msgId = fx.message([ep.id]);
    const store = fx.t.app.ctx.store;
    const delivery = fx.delivery(msgId, ep.id);
    const record = (id: string, deliveryId: number): AttemptRecord => ({
      id, deliveryId, messageId: msgId, endpointId: ep.id, attemptNumber: 1, triggerType: 0, url: "http://127.0.0.1:9/x",
      requestHeaders: "{}", responseStatus: 200, responseHeaders: null, responseBody: null, durationMs: 1, errorClass: null, error: null,
      success: true, createdAt: fx.clock.now(),
    });
    const written = writeTx(store, () => [
      insertAttempt(store, record("atmpt_missing", delivery.id + 1000)),
      insertAttempt(store, record("atmpt_kept", delivery.id)),
    ]);
    expect(written).toEqual([false, true]);
    expect(fx.attempts(msgId).map((a) => a.id)).toEqual(["atmpt_kept"]);
  });
});
