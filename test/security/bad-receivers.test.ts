// The bad-receiver matrix, end to end: a real message through the API, the delivery engine and
// the sender to a misbehaving loopback receiver; assertions on the attempt record, the delivery's
// next step and what the receiver saw. Time is the fake clock, so no retry fires unless we move it.
import { describe, expect, test, beforeAll, afterAll } from "bun:test";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { startReceiver } from "../helpers/receiver";
import { deliveryEngine } from "../../src/delivery";
import { PROBE_SLOTS } from "../../src/delivery/endpoint-gate";
import { makeLoopbackCert } from "./helpers/tls-cert";
import { acceptAndHang, answering, hugeResponse, resetBeforeHeaders, resetMidBody, slowHeaders, tricklingBody, type Evil } from "./helpers/evil-receivers";
import { rmSync } from "node:fs";

const TIMEOUT_MS = 500;
let t: TestApp;
const evils: { stop(): void }[] = [];
const keep = <T extends { stop(): void }>(e: T) => { evils.push(e); return e; };

beforeAll(async () => { t = await createTestApp({ flags: { "allow-private-destinations": true, "response-body-limit": "1KiB" } }); });
afterAll(async () => { for (const e of evils) e.stop(); await t.close(); });

interface AttemptRow { response_status: number | null; error_class: string | null; error: string | null; success: number; body_len: number | null; duration_ms: number }
interface DeliveryRow { status: string; attempt_count: number; next_attempt_at: number | null }
const engine = () => deliveryEngine(t.app.ctx);
const db = () => t.app.ctx.store.sqlite;

async function endpointFor(url: string): Promise<{ appId: string; epId: string }> {
  const appId = ((await (await t.api("/api/v1/app/", { body: { name: "evil" } })).json()) as { id: string }).id;
  const r = await t.api(`/api/v1/app/${appId}/endpoint/`, { body: { url, timeoutMs: TIMEOUT_MS } });
  expect(r.status).toBe(201);
  return { appId, epId: ((await r.json()) as { id: string }).id };
}

async function send(appId: string, payload: unknown = { hello: "world" }): Promise<string> {
  const r = await t.api(`/api/v1/app/${appId}/msg/`, { body: { eventType: "evil.test", payload } });
  expect(r.status).toBe(202);
  return ((await r.json()) as { id: string }).id;
}

/** Runs the engine until everything due now has been attempted and recorded. */
async function settle() {
  engine().cycle();
  await engine().idle();
}

function attemptsOf(epId: string): AttemptRow[] {
  return db().query("SELECT response_status, error_class, error, success, length(response_body) AS body_len, duration_ms FROM attempts WHERE endpoint_id = ? ORDER BY created_at, id").all(epId) as AttemptRow[];
}
const deliveryOf = (epId: string) => db().query("SELECT status, attempt_count, next_attempt_at FROM deliveries WHERE endpoint_id = ?").get(epId) as DeliveryRow;

/** One message to one misbehaving receiver: its single attempt and the delivery afterwards. */
async function deliverTo(evil: Evil) {
  const { appId, epId } = await endpointFor(evil.url);
  await send(appId);
  await settle();
  const attempts = attemptsOf(epId);
  expect(attempts.length).toBe(1);
  return { appId, epId, attempt: attempts[0], delivery: deliveryOf(epId) };
}

/** A failed attempt that is retried later on the schedule, not dropped and not retried at once. */
function expectRetryScheduled(d: DeliveryRow) {
  expect(d.status).toBe("pending");
  expect(d.attempt_count).toBe(1);
  expect(d.next_attempt_at!).toBeGreaterThan(t.clock.now());
}

describe("bad receivers", () => {
  test("headers that never finish: the attempt times out at the endpoint's timeout and is retried later", async () => {
    const { attempt, delivery } = await deliverTo(keep(slowHeaders()));
    expect(attempt).toMatchObject({ success: 0, error_class: "timeout" });
    expect(attempt.error).toContain(`timed out after ${TIMEOUT_MS} ms waiting for response headers`);
    expectRetryScheduled(delivery);
  });

  test("accept-and-hang: never a byte back, the attempt times out instead of holding a slot forever", async () => {
    const { attempt, delivery } = await deliverTo(keep(acceptAndHang()));
    expect(attempt).toMatchObject({ success: 0, error_class: "timeout", response_status: null });
    expectRetryScheduled(delivery);
  });

  test("a body that trickles one byte at a time is cut off by the total deadline, not a per-read idle timer", async () => {
    const { attempt, delivery } = await deliverTo(keep(tricklingBody(50, 10_000)));
    expect(attempt.success).toBe(0);
    expect(attempt.error_class).toBe("timeout");
    expect(attempt.error).toContain("reading the response body");
    expect(attempt.response_status).toBe(200); // headers came; the body never finished
    expectRetryScheduled(delivery);
  });

  test("a huge response is stored capped at --response-body-limit and hookrelay stops reading it", async () => {
    const huge = keep(hugeResponse());
    const { attempt, delivery } = await deliverTo(huge);
    expect(attempt).toMatchObject({ success: 1, response_status: 200 });
    expect(attempt.body_len!).toBeLessThanOrEqual(1024);
    expect(attempt.body_len!).toBeGreaterThan(0);
    expect(huge.offered).toBeLessThan(32 * 1024 * 1024); // of 1 GiB offered: the stream was cancelled
    expect(delivery.status).toBe("success");
  });

  test("a connection dropped before the status line is a network failure that is retried", async () => {
    const { attempt, delivery } = await deliverTo(keep(resetBeforeHeaders()));
    expect(attempt.success).toBe(0);
    expect(["connection_reset", "network"]).toContain(attempt.error_class!);
    expectRetryScheduled(delivery);
  });

  test("a connection dropped in the middle of the body is a failure even though a 200 arrived", async () => {
    const { attempt, delivery } = await deliverTo(keep(resetMidBody()));
    expect(attempt.success).toBe(0);
    expect(attempt.error_class).not.toBeNull();
    expectRetryScheduled(delivery);
  });

  // Skipped without openssl (see helpers/tls-cert.ts).
  test.skipIf(!Bun.which("openssl"))("a receiver with a self-signed certificate is not trusted: tls failure, no request reaches it", async () => {
    const cert = makeLoopbackCert()!;
    try {
      const tls = keep(answering(() => new Response("ok"), { cert: cert.cert, key: cert.key }));
      const { attempt, delivery } = await deliverTo(tls);
      expect(attempt).toMatchObject({ success: 0, error_class: "tls" });
      expect(tls.hits).toBe(0);
      expectRetryScheduled(delivery);
    } finally {
      rmSync(cert.dir, { recursive: true, force: true });
    }
  });

  test("429 with Retry-After pushes the next attempt back by that long, and not a moment sooner", async () => {
    const busy = keep(answering(() => new Response("slow down", { status: 429, headers: { "retry-after": "120" } })));
    const { attempt, delivery } = await deliverTo(busy);
    expect(attempt).toMatchObject({ success: 0, response_status: 429 });
    expect(delivery.next_attempt_at! - t.clock.now()).toBeGreaterThanOrEqual(120_000);
    t.clock.advance(119_000);
    await settle();
    expect(busy.hits).toBe(1);
    t.clock.advance(delivery.next_attempt_at! - t.clock.now());
    await settle();
    expect(busy.hits).toBe(2);
  });

  test("410 Gone fails the delivery for good and disables the endpoint, so later messages are not sent", async () => {
    const gone = keep(answering(() => new Response("gone", { status: 410 })));
    const { appId, epId, attempt, delivery } = await deliverTo(gone);
    expect(attempt).toMatchObject({ success: 0, response_status: 410 });
    expect(delivery.status).toBe("failed");
    const ep = (await (await t.api(`/api/v1/app/${appId}/endpoint/${epId}/`)).json()) as { disabled: boolean };
    expect(ep.disabled).toBe(true);
    await send(appId);
    await settle();
    expect(gone.hits).toBe(1);
  });

  test("a redirect to another loopback receiver is not followed: the target sees nothing, the attempt fails", async () => {
    const target = keep(answering(() => new Response("should never be reached")));
    const redirect = keep(answering(() => new Response(null, { status: 302, headers: { location: target.url } })));
    const { attempt, delivery } = await deliverTo(redirect);
    expect(attempt).toMatchObject({ success: 0, response_status: 302 });
    expect(target.hits).toBe(0);
    expectRetryScheduled(delivery);
  });

  test("a slow endpoint does not hold back a healthy one: every healthy delivery completes while the slow ones are still in flight", async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => { release = r; });
    let slowSeen = 0;
    const slowServer = Bun.serve({ hostname: "127.0.0.1", port: 0, async fetch() { slowSeen++; await released; return new Response("late"); } });
    keep({ stop: () => slowServer.stop(true) });
    const healthy = startReceiver();
    keep({ stop: () => healthy.close() });

    const cap = t.app.ctx.config.endpointMaxInFlight;
    const N = cap + 24;
    const appId = ((await (await t.api("/api/v1/app/", { body: { name: "mixed" } })).json()) as { id: string }).id;
    // The slow endpoint keeps the default per-endpoint cap: its backlog must wait, not block others.
    const slowEp = ((await (await t.api(`/api/v1/app/${appId}/endpoint/`, { body: { url: `http://127.0.0.1:${slowServer.port}/slow`, timeoutMs: 60_000 } })).json()) as { id: string }).id;
    // The healthy one may take all N at once, so nothing of its own (cap deferrals on a frozen clock) can delay it.
    const fastEp = ((await (await t.api(`/api/v1/app/${appId}/endpoint/`, { body: { url: `${healthy.url}/fast`, maxInFlight: N } })).json()) as { id: string }).id;
    for (let i = 0; i < N; i++) await send(appId, { i });
    engine().cycle();
    // Progress, not timing: wait cycle by cycle until every healthy delivery is committed as a success…
    const statuses = (epId: string) => db().query("SELECT status, count(*) AS n FROM deliveries WHERE endpoint_id = ? GROUP BY status ORDER BY status").all(epId);
    while (attemptsOf(fastEp).length < N) await engine().nextCycle();
    expect(statuses(fastEp)).toEqual([{ status: "success", n: N }]);
    expect(attemptsOf(fastEp).every((a) => a.success === 1)).toBe(true);
    expect(new Set(healthy.requests.map((r) => JSON.parse(r.body).i)).size).toBe(N);
    // …while the slow endpoint's first requests are still open and none has finished. An endpoint that
    // has not answered holds only its probe slots, not its whole cap (endpoint-gate.ts).
    expect(slowSeen).toBeGreaterThan(0);
    expect(PROBE_SLOTS).toBeLessThan(cap);
    const slow = Object.fromEntries((statuses(slowEp) as { status: string; n: number }[]).map((r) => [r.status, r.n]));
    expect(slow).toEqual({ pending: N - PROBE_SLOTS, sending: PROBE_SLOTS });
    expect(attemptsOf(slowEp)).toEqual([]);
    expect(engine().activeRequests).toBe(PROBE_SLOTS);
    release();
    // The slow endpoint's backlog (deferred behind its cap) drains once it answers and time moves on.
    for (let round = 0; round < 10 && attemptsOf(slowEp).length < N; round++) {
      await settle();
      t.clock.advance(60_000);
    }
    expect(attemptsOf(slowEp).length).toBe(N);
    expect(attemptsOf(slowEp).every((a) => a.success === 1)).toBe(true);
  }, 30_000);

  test("many hanging endpoints together do not hold back a healthy one (Bun's fetch runs only 256 requests at once)", async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => { release = r; });
    let hung = 0;
    const hanging = Bun.serve({ hostname: "127.0.0.1", port: 0, idleTimeout: 0, async fetch() { hung++; await released; return new Response("late"); } });
    keep({ stop: () => hanging.stop(true) });
    const healthy = startReceiver();
    keep({ stop: () => healthy.close() });
    const cap = t.app.ctx.config.endpointMaxInFlight;
    const HANGING = 5;
    // Without the probe limit the hanging endpoints alone would have 5 x 64 = 320 requests open.
    expect(HANGING * cap).toBeGreaterThan(256);
    const N = cap + 36;
    const appId = ((await (await t.api("/api/v1/app/", { body: { name: "many-hanging" } })).json()) as { id: string }).id;
    const hangingEps: string[] = [];
    for (let i = 0; i < HANGING; i++) {
      const r = await t.api(`/api/v1/app/${appId}/endpoint/`, { body: { url: `http://127.0.0.1:${hanging.port}/h/${i}`, timeoutMs: 60_000 } });
      hangingEps.push(((await r.json()) as { id: string }).id);
    }
    const fastEp = ((await (await t.api(`/api/v1/app/${appId}/endpoint/`, { body: { url: `${healthy.url}/fast`, timeoutMs: 60_000 } })).json()) as { id: string }).id;
    for (let i = 0; i < N; i++) await send(appId, { i });
    engine().cycle();
    // Progress, not timing: cycle by cycle until the healthy endpoint has every delivery committed.
    while (attemptsOf(fastEp).length < N) await engine().nextCycle();
    expect(attemptsOf(fastEp).every((a) => a.success === 1)).toBe(true);
    expect(new Set(healthy.requests.map((r) => JSON.parse(r.body).i)).size).toBe(N);
    // The hanging endpoints hold their probe slots each and nothing more; none of their requests ended.
    for (const ep of hangingEps) expect(attemptsOf(ep)).toEqual([]);
    expect(engine().activeRequests).toBe(HANGING * PROBE_SLOTS);
    expect(hung).toBe(HANGING * PROBE_SLOTS);
    release();
    for (let round = 0; round < 20 && hangingEps.some((ep) => attemptsOf(ep).length < N); round++) {
      await settle();
      t.clock.advance(60_000);
    }
    for (const ep of hangingEps) expect(attemptsOf(ep).length).toBe(N);
  }, 60_000);

  /**
   * A receiver that answers its first `answered` requests at once and then holds every later one
   * until released. `held` resolves when `hold` requests are being held.
   */
  function freezing(answered: number, hold: number) {
    let seen = 0, hung = 0;
    let release!: () => void, onHeld!: () => void;
    const released = new Promise<void>((r) => { release = r; });
    const held = new Promise<void>((r) => { onHeld = r; });
    const server = Bun.serve({
      hostname: "127.0.0.1", port: 0, idleTimeout: 0,
      async fetch() {
        if (++seen <= answered) return new Response("ok");
        if (++hung === hold) onHeld();
        await released;
        return new Response("late");
      },
    });
    keep({ stop: () => { release(); server.stop(true); } });
    return { url: `http://127.0.0.1:${server.port}/freeze`, held, release, holding: () => hung };
  }

  /** An endpoint answers `answered` messages (its allowance grows to PROBE_SLOTS + answered), then hangs on `hold` more. */
  async function frozenAtCap(answered: number, hold: number) {
    const r = freezing(answered, hold);
    const appId = ((await (await t.api("/api/v1/app/", { body: { name: "freezing" } })).json()) as { id: string }).id;
    const epId = ((await (await t.api(`/api/v1/app/${appId}/endpoint/`, { body: { url: r.url, timeoutMs: 60_000 } })).json()) as { id: string }).id;
    for (let i = 0; i < answered; i++) await send(appId, { i });
    await settle();
    expect(attemptsOf(epId).filter((a) => a.success === 1).length).toBe(answered);
    const active = engine().activeRequests;
    for (let i = 0; i < hold; i++) await send(appId, { i: answered + i });
    engine().cycle();
    await r.held;
    expect(engine().activeRequests).toBe(active + hold);
    return { ...r, appId, epId };
  }

  test("an endpoint that hangs after reaching its cap is cut short once it holds over a quarter of the fetch slots and they are all taken", async () => {
    const slots = engine().fetchSlots;
    engine().fetchSlots = 16; // Bun's limit in this test process is 256: the engine is told 16 to act on it
    try {
      const before = engine().shedRequests;
      const f = await frozenAtCap(40, 48);
      // Not yet silent: nothing is cut.
      t.clock.advance(1_000);
      engine().cycle();
      expect(engine().shedRequests).toBe(before);
      // Silent for over 2 s while its 48 requests fill every one of the 16 slots (and more wait): cut short.
      t.clock.advance(1_500);
      engine().cycle();
      expect(engine().shedRequests).toBe(before + 48);
      while (attemptsOf(f.epId).length < 88) await engine().nextCycle();
      const cut = attemptsOf(f.epId).slice(40);
      expect(cut.every((a) => a.success === 0 && a.error_class === "timeout" && a.response_status === null)).toBe(true);
      expect(cut[0].error).toBe("cut short waiting for response headers: the endpoint had not answered for 3 s while other deliveries waited for one of the 16 connection slots");
      // Retried on the schedule like any timeout, not dropped and not resent at once.
      const rows = db().query("SELECT status, attempt_count, next_attempt_at FROM deliveries WHERE endpoint_id = ? AND attempt_count = 1 AND status = 'pending'").all(f.epId) as DeliveryRow[];
      expect(rows.length).toBe(48);
      expect(rows.every((r) => r.next_attempt_at! > t.clock.now())).toBe(true);
      expect(engine().activeRequests).toBe(0);
      await t.api(`/api/v1/app/${f.appId}/endpoint/${f.epId}/`, { method: "DELETE" }); // its retries would go on into the next test
    } finally {
      engine().fetchSlots = slots;
    }
  }, 60_000);

  test("a silent endpoint keeps its requests while fetch slots are free (nothing waits behind it)", async () => {
    const before = engine().shedRequests;
    const f = await frozenAtCap(20, 24);
    expect(engine().fetchSlots).toBeGreaterThan(24);
    t.clock.advance(10_000);
    engine().cycle();
    expect(engine().shedRequests).toBe(before);
    expect(attemptsOf(f.epId).length).toBe(20);
    expect(f.holding()).toBe(24);
    f.release();
    while (attemptsOf(f.epId).length < 44) await engine().nextCycle();
    expect(attemptsOf(f.epId).every((a) => a.success === 1)).toBe(true);
  }, 60_000);
});
