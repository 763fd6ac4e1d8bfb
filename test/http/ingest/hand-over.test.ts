// Captures at an ingest URL are handed to the delivery engine in the transaction that writes them
// (written claimed, sent after COMMIT with body, method and headers in hand), share the message API's
// group commit, and rows the engine declines are still forwarded by its scan with the same headers.
import { describe, expect, test } from "bun:test";
import { createTestApp } from "../../helpers/test-app";
import { deliveryEngine, LEASE_GRACE_MS } from "../../../src/delivery";
import { outboundServices } from "../../../src/http/api/services";
import { inboundOf } from "../../../src/inbound/service";
import { newMessageId } from "../../../src/store/messages";
import { walSync } from "../../../src/store/wal-sync";
import { captured, makeEndpoint, makeSource, forwardingFixture } from "./helpers";

const fx = forwardingFixture();

const engine = () => deliveryEngine(fx.t.app.ctx);
const deliveryRow = (messageId: string) =>
  fx.t.app.ctx.store.sqlite.query<{ status: string; lease_until: number | null; next_attempt_at: number | null }, [string]>(
    "SELECT status, lease_until, next_attempt_at FROM deliveries WHERE message_id = ?").get(messageId)!;

describe("hand-over of captured requests", () => {
  test("an accepted capture is written claimed with its lease and sent without a due scan, with the provider's method, headers and body", async () => {
    const src = await makeSource(fx.t, { type: "generic-webhook" });
    const ep = await makeEndpoint(fx.t, src.id, { url: `${fx.rx.url}/in` });
    await engine().idle();
    const before = engine().handedOver;
    const release = fx.rx.hold();
    const r = await fetch(`${src.ingestUrl}/sub?x=1`, { method: "PUT", body: "plain text, not JSON", headers: { "content-type": "text/plain", "x-custom": "kept" } });
    expect(r.status).toBe(200);
    const { id } = await r.json();
    const [got] = await fx.rx.waitFor(1, 5_000);
    // While the request is open: the row was never pending and carries the lease a claim would set.
    const row = deliveryRow(id);
    expect(row.status).toBe("sending");
    expect(row.lease_until).toBe(row.next_attempt_at);
    expect(row.lease_until!).toBeGreaterThanOrEqual(fx.t.clock.now() + LEASE_GRACE_MS);
    expect(engine().handedOver).toBe(before + 1);
    expect(got.method).toBe("PUT");
    expect(got.body).toBe("plain text, not JSON");
    expect(got.headers["content-type"]).toBe("text/plain");
    expect(got.headers["x-custom"]).toBe("kept");
    expect(got.headers["webhook-id"]).toBe(id);
    release();
    await engine().idle();
    const c = await captured(fx.t, src.id, id);
    expect(c.deliveries).toHaveLength(1);
    expect(c.deliveries[0]).toMatchObject({ endpointId: ep.id, status: "success", attemptCount: 1 });
  });

  test("a capture the engine declines (endpoint at its in-flight cap) is left pending and its scan forwards it with the headers read back", async () => {
    const capped = await createTestApp({ env: { HOOKRELAY_ALLOW_PRIVATE_DESTINATIONS: "true", HOOKRELAY_ENDPOINT_MAX_IN_FLIGHT: "1" } });
    try {
      const src = await makeSource(capped, { type: "generic-webhook" });
      await makeEndpoint(capped, src.id, { url: `${fx.rx.url}/in` });
      const eng = deliveryEngine(capped.app.ctx);
      await eng.idle();
      const release = fx.rx.hold();
      const send = (n: number) => fetch(src.ingestUrl, { method: "PATCH", body: `{"n":${n}}`, headers: { "content-type": "application/json", "x-seq": String(n) } });
      const first = (await (await send(1)).json()).id;
      await fx.rx.waitFor(1, 5_000);
      const second = (await (await send(2)).json()).id;
      const row = (id: string) => capped.app.ctx.store.sqlite.query<{ status: string }, [string]>("SELECT status FROM deliveries WHERE message_id = ?").get(id)!;
      expect(row(second).status).toBe("pending");
      expect(eng.handedOver).toBe(1);
      release();
      await fx.rx.waitFor(2, 5_000);
      await eng.idle();
      const later = fx.rx.requests[1];
      expect(later.method).toBe("PATCH");
      expect(later.body).toBe('{"n":2}');
      expect(later.headers["x-seq"]).toBe("2");
      expect(later.headers["content-type"]).toBe("application/json");
      expect(later.headers["webhook-id"]).toBe(second);
      expect([row(first).status, row(second).status]).toEqual(["success", "success"]);
    } finally { await capped.close(); }
  });

  test("a capture and an API message written in the same turn of the event loop share one group commit", async () => {
    // synchronous=FULL, the default: commits then go through the WAL sync, which counts them.
    const full = await createTestApp({ env: { HOOKRELAY_SQLITE_SYNCHRONOUS: "full" } });
    try {
      const src = await makeSource(full, { type: "generic-webhook" });
      const appId = (await (await full.api("/api/v1/app", { body: { name: "same-commit" } })).json()).id;
      const { messages } = outboundServices(full.app.ctx);
      // Every transaction of the connection, whichever writer made it.
      const wal = walSync(full.app.ctx.store.sqlite);
      expect(wal.deferred).toBe(true);
      const commits = wal.stats.commits;
      const now = full.clock.now();
      const capture = inboundOf(full.app.ctx).requests.capture({
        id: newMessageId(now), sourceId: src.id, method: "POST", path: "/", query: "", headers: [["content-type", "application/json"]], ip: null,
        status: "accepted", reason: null, dedupe: null, body: new TextEncoder().encode("{}"), contentType: "application/json", eventType: "ingest", createdAt: now, endpointIds: [],
      });
      const message = messages.create(newMessageId(now), {
        appId, eventType: "x.y", eventId: null, channels: null, tags: null, payload: "{}", deliverAt: null, payloadExpiresAt: null,
      }, now);
      const [c] = await Promise.all([capture, message]);
      expect(c).toMatchObject({ status: "accepted", left: 0 });
      expect(wal.stats.commits).toBe(commits + 1);
    } finally { await full.close(); }
  });
});
