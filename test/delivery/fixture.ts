// Test fixture for the delivery engine: a real app (FakeClock, fresh SQLite file) plus helpers that
// insert applications, endpoints, messages and pending deliveries the way the message API does
// (one transaction, status 'pending', attempt_count 0, manual 0), and read rows back.
import { createTestApp, type TestApp } from "../helpers/test-app";
import { deliveryEngine, type DeliveryEngine, type DeliveryEvent } from "../../src/delivery";
import { writeTx } from "../../src/store/db";
import { applications, deliveries, endpoints, ingestRequests, messages, sources } from "../../src/store/schema";
import { newId } from "../../src/lib/ids";
import { generateSecret } from "../../src/signing/standard-webhooks";

export interface EndpointOpts {
  url: string;
  secret?: string;
  previousSecrets?: { secret: string; expiresAt: number }[];
  headers?: Record<string, string>;
  throttleRate?: number;
  maxInFlight?: number;
  retrySchedule?: number[];
  timeoutMs?: number;
  appId?: string;
  sourceId?: string;
}

export interface DeliveryRow {
  id: number; status: string; attempt_count: number; next_attempt_at: number | null; lease_until: number | null;
  last_status_code: number | null; manual: number;
}

export interface AttemptRowT {
  id: string; delivery_id: number; attempt_number: number; trigger_type: number; url: string; request_headers: string;
  response_status: number | null; response_headers: string | null; response_body: string | null; duration_ms: number;
  error_class: string | null; error: string | null; success: number; created_at: number;
}

export type Fixture = Awaited<ReturnType<typeof deliveryFixture>>;

export async function deliveryFixture(opts: { env?: Record<string, string>; start?: boolean; allowPrivate?: boolean } = {}) {
  const env = { HOOKRELAY_ALLOW_PRIVATE_DESTINATIONS: opts.allowPrivate === false ? "false" : "true", ...opts.env };
  const t: TestApp = await createTestApp({ env, start: opts.start ?? false });
  return fixtureFor(t);
}

export function fixtureFor(t: TestApp) {
  const ctx = t.app.ctx;
  const engine: DeliveryEngine = deliveryEngine(ctx);
  const events: DeliveryEvent[] = [];
  engine.onEvent((e) => events.push(e));
  const now = () => t.clock.now();

  const fx = {
    t, ctx, engine, events, clock: t.clock,
    application(): string {
      const id = newId("app", now());
      ctx.store.db.insert(applications).values({ id, name: "test app", createdAt: now(), updatedAt: now() }).run();
      return id;
    },
    endpoint(o: EndpointOpts): { id: string; secret: string } {
      const secret = o.secret ?? generateSecret();
      const id = newId("ep", now());
      ctx.store.db.insert(endpoints).values({
        id, appId: o.sourceId ? null : (o.appId ?? fx.application()), sourceId: o.sourceId ?? null, url: o.url,
        headers: JSON.stringify(o.headers ?? {}), secretEnc: ctx.secrets.seal(secret),
        previousSecrets: JSON.stringify((o.previousSecrets ?? []).map((p) => ({ enc: ctx.secrets.seal(p.secret), expiresAt: p.expiresAt }))),
        throttleRate: o.throttleRate ?? null, maxInFlight: o.maxInFlight ?? null,
        retrySchedule: o.retrySchedule ? JSON.stringify(o.retrySchedule) : null, timeoutMs: o.timeoutMs ?? null,
        createdAt: now(), updatedAt: now(),
      }).run();
      return { id, secret };
    },
    /** A message and one pending delivery per endpoint, in one transaction, like the message API. */
    message(endpointIds: string[], payload: unknown = { type: "user.created", n: 1 }, o: { deliverAt?: number; appId?: string } = {}): string {
      const id = newId("msg", now());
      const body = Buffer.from(typeof payload === "string" ? payload : JSON.stringify(payload));
      writeTx(ctx.store, () => {
        ctx.store.db.insert(messages).values({ id, appId: o.appId ?? null, eventType: "user.created", payload: body, createdAt: now(), deliverAt: o.deliverAt ?? null }).run();
        for (const ep of endpointIds) {
          ctx.store.db.insert(deliveries).values({ messageId: id, endpointId: ep, status: "pending", attemptCount: 0, nextAttemptAt: o.deliverAt ?? now(), manual: false, createdAt: now(), updatedAt: now() }).run();
        }
      });
      return id;
    },
    /** `count` messages to the same endpoints in one transaction (fast backlogs). */
    messages(count: number, endpointIds: string[]): string[] {
      return writeTx(ctx.store, () => Array.from({ length: count }, () => fx.message(endpointIds)));
    },
    /** An inbound capture: source, ingest request (its headers) and the message with the same id. */
    inboundMessage(endpointId: string, sourceId: string, body: Uint8Array, headers: [string, string][], contentType: string): string {
      const id = newId("msg", now());
      writeTx(ctx.store, () => {
        ctx.store.db.insert(ingestRequests).values({ id, sourceId, method: "POST", path: "/in/x", headers: JSON.stringify(headers), status: "accepted", bodySize: body.length, createdAt: now() }).run();
        ctx.store.db.insert(messages).values({ id, sourceId, eventType: "inbound", payload: Buffer.from(body), contentType, createdAt: now() }).run();
        ctx.store.db.insert(deliveries).values({ messageId: id, endpointId, status: "pending", attemptCount: 0, nextAttemptAt: now(), manual: false, createdAt: now(), updatedAt: now() }).run();
      });
      return id;
    },
    source(): string {
      const id = newId("src", now());
      ctx.store.db.insert(sources).values({ id, name: "s", type: "generic", configEnc: ctx.secrets.seal("{}"), ingestToken: id + "i", streamToken: id + "s", createdAt: now(), updatedAt: now() }).run();
      return id;
    },
    /** What a resend does: the pair becomes pending, due now, manual. */
    resend(messageId: string, endpointId: string): void {
      ctx.store.sqlite.run("UPDATE deliveries SET status = 'pending', next_attempt_at = ?, manual = 1 WHERE message_id = ? AND endpoint_id = ?", [now(), messageId, endpointId]);
    },
    /** One engine cycle (commit + claim + send), then wait until every started attempt is committed. */
    async run(): Promise<void> {
      engine.cycle();
      await engine.idle();
    },
    delivery(messageId: string, endpointId: string): DeliveryRow {
      return ctx.store.sqlite.query<DeliveryRow, [string, string]>("SELECT * FROM deliveries WHERE message_id = ? AND endpoint_id = ?").get(messageId, endpointId)!;
    },
    attempts(messageId: string): AttemptRowT[] {
      return ctx.store.sqlite.query<AttemptRowT, [string]>("SELECT * FROM attempts WHERE message_id = ? ORDER BY id").all(messageId);
    },
    endpointRow(id: string): { disabled: number; disabled_reason: string | null; failing_since: number | null; last_success_at: number | null } {
      return ctx.store.sqlite.query<any, [string]>("SELECT * FROM endpoints WHERE id = ?").get(id);
    },
    close: () => t.close(),
  };
  return fx;
}
