// Accepted requests are forwarded by the delivery engine: byte-exact, provider headers kept, signed
// with the endpoint's secret; filters pick endpoints, dedupe drops repeats, replay sends again.
import { describe, expect, test } from "bun:test";
import { startReceiver } from "../../helpers/receiver";
import Stripe from "stripe";
import { Webhook } from "standardwebhooks";
import { deliveryEngine } from "../../../src/delivery";
import { captured, makeEndpoint, makeSource, requestLog, svixFor, forwardingFixture } from "./helpers";

const fx = forwardingFixture();

const settled = () => deliveryEngine(fx.t.app.ctx).idle();
const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

describe("forwarding to source endpoints", () => {
  test("a Stripe event is verified, captured and forwarded byte-exact with a valid hookrelay signature", async () => {
    // The receiver checks webhook-timestamp against the real time: move the fake clock there.
    fx.t.clock.set(Date.now());
    const svix = svixFor(fx.t);
    const src = await svix.ingest.source.create({ name: "stripe", type: "stripe", config: { secret: "whsec_fwd" } });
    const ep = await svix.ingest.endpoint.create(src.id, { url: `${fx.rx.url}/stripe` });
    const { key } = await svix.ingest.endpoint.getSecret(src.id, ep.id);
    // Odd spacing on purpose: a relay that re-serialised JSON would change these bytes.
    const event = '{ "id":"evt_9",  "type":"charge.succeeded", "data":{"object":{"amount":1999}} }';
    const sig = await new Stripe("sk_test_unused").webhooks.generateTestHeaderStringAsync({ payload: event, secret: "whsec_fwd", timestamp: Math.floor(fx.t.clock.now() / 1000) });
    const r = await post(src.ingestUrl!, event, { "stripe-signature": sig, "x-request-id": "abc" });
    expect(r.status).toBe(200);
    const { id } = await r.json();

    const [got] = await fx.rx.waitFor(1);
    await settled();
    expect(got.path).toBe("/stripe");
    expect(got.body).toBe(event);
    expect(got.headers["stripe-signature"]).toBe(sig);
    expect(got.headers["x-request-id"]).toBe("abc");
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers["webhook-id"]).toBe(id);
    const verified = new Webhook(key).verify(Buffer.from(got.raw), {
      "webhook-id": got.headers["webhook-id"], "webhook-timestamp": got.headers["webhook-timestamp"], "webhook-signature": got.headers["webhook-signature"],
    });
    expect(verified).toEqual(JSON.parse(event));

    const c = await captured(fx.t, src.id, id);
    expect(c.status).toBe("accepted");
    expect(c.deliveries).toHaveLength(1);
    expect(c.deliveries[0]).toMatchObject({ endpointId: ep.id, status: "success", attemptCount: 1, lastStatusCode: 200 });
    expect(c.deliveries[0].attempts[0]).toMatchObject({ responseStatus: 200, success: true, url: `${fx.rx.url}/stripe` });
  });

  test("a tampered request gets 401, is shown as rejected and is not forwarded", async () => {
    const src = await makeSource(fx.t, { type: "github", config: { secret: "s3cret" } });
    await makeEndpoint(fx.t, src.id, { url: fx.rx.url });
    const r = await post(src.ingestUrl, '{"zen":"x"}', { "x-hub-signature-256": "sha256=" + "0".repeat(64) });
    expect(r.status).toBe(401);
    const [row] = await requestLog(fx.t, src.id);
    expect(row).toMatchObject({ status: "rejected", reason: "signature mismatch" });
    await fx.t.app.ctx.scheduler.tick();
    await settled();
    expect((await captured(fx.t, src.id, row.id)).deliveries).toEqual([]);
    expect(fx.rx.requests).toHaveLength(0);
  });

  test("filters choose endpoints per request; a request no filter matches is recorded as filtered", async () => {
    const src = await makeSource(fx.t, { type: "generic-webhook" });
    const pushes = await makeEndpoint(fx.t, src.id, { url: `${fx.rx.url}/push`, filter: { headers: { "X-GitHub-Event": "push" } } });
    const opened = await makeEndpoint(fx.t, src.id, { url: `${fx.rx.url}/opened`, filter: { $and: [{ body: { action: "opened" } }, { body: { issue: { number: { $gte: 10 } } } }] } });
    const r1 = await post(src.ingestUrl, '{"ref":"main"}', { "x-github-event": "push" });
    const r2 = await post(src.ingestUrl, '{"action":"opened","issue":{"number":12}}', { "x-github-event": "issues" });
    const r3 = await post(src.ingestUrl, '{"action":"opened","issue":{"number":3}}', { "x-github-event": "issues" });
    expect([r1.status, r2.status, r3.status]).toEqual([200, 200, 200]);
    expect((await r3.json()).status).toBe("filtered");
    await fx.rx.waitFor(2);
    await settled();
    expect(fx.rx.requests.map((x) => x.path).sort()).toEqual(["/opened", "/push"]);
    const log = await requestLog(fx.t, src.id, "?order=ascending");
    expect(log.map((x) => x.status)).toEqual(["accepted", "accepted", "filtered"]);
    expect((await captured(fx.t, src.id, log[0].id)).deliveries.map((d: any) => d.endpointId)).toEqual([pushes.id]);
    expect((await captured(fx.t, src.id, log[1].id)).deliveries.map((d: any) => d.endpointId)).toEqual([opened.id]);
    expect((await requestLog(fx.t, src.id, "?status=filtered")).map((x) => x.id)).toEqual([log[2].id]);
  });

  test("a repeat within the dedupe window is answered 2xx, recorded as duplicate and not forwarded", async () => {
    const src = await makeSource(fx.t, { type: "generic-webhook", dedupe: { header: "X-GitHub-Delivery", windowSec: 60 } });
    await makeEndpoint(fx.t, src.id, { url: fx.rx.url });
    const send = () => post(src.ingestUrl, '{"n":1}', { "x-github-delivery": "d-1" });
    expect((await (await send()).json()).status).toBe("accepted");
    const dup = await send();
    expect(dup.status).toBe(200);
    expect((await dup.json()).status).toBe("duplicate");
    fx.t.clock.advance(61_000);
    expect((await (await send()).json()).status).toBe("accepted");
    await fx.rx.waitFor(2);
    await settled();
    expect(fx.rx.requests).toHaveLength(2);
    expect((await requestLog(fx.t, src.id, "?order=ascending")).map((x) => x.status)).toEqual(["accepted", "duplicate", "accepted"]);
  });

  test("JSON-field dedupe keys on the body", async () => {
    const src = await makeSource(fx.t, { type: "generic-webhook", dedupe: { jsonField: "data.id", windowSec: 300 } });
    const a = await post(src.ingestUrl, '{"data":{"id":"evt_1"},"n":1}');
    const b = await post(src.ingestUrl, '{"n":2,"data":{"id":"evt_1"}}');
    const c = await post(src.ingestUrl, '{"data":{"id":"evt_2"}}');
    expect([(await a.json()).status, (await b.json()).status, (await c.json()).status]).toEqual(["accepted", "duplicate", "accepted"]);
  });

  test("endpoint changes apply to the very next capture: a new, a disabled, a re-filtered and a deleted endpoint", async () => {
    const src = await makeSource(fx.t, { type: "generic-webhook" });
    const first = await makeEndpoint(fx.t, src.id, { url: `${fx.rx.url}/first` });
    const deliveredTo = async (body: string) => {
      const r = await post(src.ingestUrl, body);
      expect(r.status).toBe(200);
      const { id } = await r.json();
      return (await captured(fx.t, src.id, id)).deliveries.map((d: any) => d.endpointId).sort();
    };
    expect(await deliveredTo('{"n":1}')).toEqual([first.id]);
    const second = await makeEndpoint(fx.t, src.id, { url: `${fx.rx.url}/second` });
    expect(await deliveredTo('{"n":2}')).toEqual([first.id, second.id].sort());
    const put = (id: string, body: Record<string, unknown>) => fx.t.api(`/ingest/api/v1/source/${src.id}/endpoint/${id}`, { method: "PUT", body });
    expect((await put(first.id, { url: `${fx.rx.url}/first`, disabled: true })).status).toBe(200);
    expect(await deliveredTo('{"n":3}')).toEqual([second.id]);
    expect((await put(second.id, { url: `${fx.rx.url}/second`, filter: { body: { n: 5 } } })).status).toBe(200);
    expect(await deliveredTo('{"n":4}')).toEqual([]);
    expect(await deliveredTo('{"n":5}')).toEqual([second.id]);
    // A deleted endpoint is not referenced by the next capture (its deliveries would fail the commit: 503).
    expect((await fx.t.api(`/ingest/api/v1/source/${src.id}/endpoint/${second.id}`, { method: "DELETE" })).status).toBe(204);
    expect(await deliveredTo('{"n":5}')).toEqual([]);
    await fx.rx.waitFor(3);
    await settled();
  });

  test("a disabled endpoint receives nothing", async () => {
    const src = await makeSource(fx.t, { type: "generic-webhook" });
    await makeEndpoint(fx.t, src.id, { url: fx.rx.url, disabled: true });
    const r = await post(src.ingestUrl, "{}");
    expect((await r.json()).status).toBe("accepted");
    await fx.t.app.ctx.scheduler.tick();
    await settled();
    expect(fx.rx.requests).toHaveLength(0);
  });
});

describe("replay", () => {
  test("one captured request is forwarded again; a rejected one cannot be replayed", async () => {
    const src = await makeSource(fx.t, { type: "github", config: { secret: "k" } });
    await makeEndpoint(fx.t, src.id, { url: fx.rx.url });
    const ok = await post(src.ingestUrl, "{}", { "x-hub-signature-256": "sha256=" + new Bun.CryptoHasher("sha256", "k").update("{}").digest("hex") });
    const { id } = await ok.json();
    await fx.rx.waitFor(1);
    await settled();
    const r = await fx.t.api(`/ingest/api/v1/source/${src.id}/request/${id}/replay`, { method: "POST", body: {} });
    expect(r.status).toBe(202);
    expect(await r.json()).toMatchObject({ requestId: id, queued: 1 });
    await fx.rx.waitFor(2);
    await settled();
    expect(fx.rx.requests[1].body).toBe("{}");
    expect((await captured(fx.t, src.id, id)).deliveries[0].attempts).toHaveLength(2);

    await post(src.ingestUrl, "{}", { "x-hub-signature-256": "sha256=bad" });
    const rejected = (await requestLog(fx.t, src.id, "?status=rejected"))[0];
    const denied = await fx.t.api(`/ingest/api/v1/source/${src.id}/request/${rejected.id}/replay`, { method: "POST", body: {} });
    expect(denied.status).toBe(409);
  });

  test("a time range replay re-forwards the requests that match its filter, to a chosen endpoint", async () => {
    const src = await makeSource(fx.t, { type: "generic-webhook" });
    const rx2 = startReceiver();
    try {
      await makeEndpoint(fx.t, src.id, { url: fx.rx.url });
      const second = await makeEndpoint(fx.t, src.id, { url: rx2.url, disabled: false, filter: { body: { never: true } } });
      const since = new Date(fx.t.clock.now()).toISOString();
      for (const kind of ["a", "b", "a"]) { await post(src.ingestUrl, JSON.stringify({ kind })); fx.t.clock.advance(1000); }
      await fx.rx.waitFor(3);
      await settled();
      const r = await fx.t.api(`/ingest/api/v1/source/${src.id}/replay`, { method: "POST", body: { since, filter: { body: { kind: "a" } }, endpointId: second.id } });
      expect(r.status).toBe(202);
      expect(await r.json()).toMatchObject({ requests: 2, queued: 2, done: true });
      await rx2.waitFor(2);
      await settled();
      expect(rx2.requests.map((x) => x.body)).toEqual(['{"kind":"a"}', '{"kind":"a"}']);
      expect(fx.rx.requests).toHaveLength(3);
    } finally { rx2.close(); }
  });
});
