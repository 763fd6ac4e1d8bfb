import { describe, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { createPruner } from "../../src/store/retention";
import { RETENTION_JOB } from "../../src/ops/retention-job";

const DAY = 86_400_000;

/** Rows written the way the API and engine write them, at the fake clock's current time. */
function seeder(t: TestApp) {
  const db = t.app.ctx.store.sqlite;
  let n = 0;
  const now = () => t.clock.now();
  db.run("INSERT INTO applications (id, name, created_at, updated_at) VALUES ('app_1', 'a', ?, ?)", [now(), now()]);
  db.run("INSERT INTO endpoints (id, app_id, url, secret_enc, created_at, updated_at) VALUES ('ep_1', 'app_1', 'http://127.0.0.1:9/h', 'x', ?, ?)", [now(), now()]);
  db.run("INSERT INTO sources (id, name, type, config_enc, ingest_token, stream_token, created_at, updated_at) VALUES ('src_1', 's', 'generic', 'x', 'it', 'st', ?, ?)", [now(), now()]);
  return {
    /** A message with one delivery in `status` and one attempt; returns its id. */
    message(status: "pending" | "sending" | "success" | "failed" = "success", payloadExpiresAt: number | null = null): string {
      const id = `msg_${String(++n).padStart(6, "0")}`;
      db.run("INSERT INTO messages (id, app_id, event_type, payload, created_at, payload_expires_at) VALUES (?, 'app_1', 'user.created', ?, ?, ?)",
        [id, Buffer.from(JSON.stringify({ n })), now(), payloadExpiresAt]);
      // Far-future next_attempt_at: the delivery engine must not pick these rows up during the test.
      const d = db.run("INSERT INTO deliveries (message_id, endpoint_id, status, attempt_count, next_attempt_at, created_at, updated_at) VALUES (?, 'ep_1', ?, 1, ?, ?, ?)", [id, status, now() + 1000 * DAY, now(), now()]);
      db.run(`INSERT INTO attempts (id, delivery_id, message_id, endpoint_id, attempt_number, url, request_headers, duration_ms, success, created_at)
        VALUES (?, ?, ?, 'ep_1', 1, 'http://127.0.0.1:9/h', '{}', 5, 1, ?)`, [`atmpt_${n}`, Number(d.lastInsertRowid), id, now()]);
      return id;
    },
    ingest(): void {
      db.run("INSERT INTO ingest_requests (id, source_id, method, path, headers, status, body_size, created_at) VALUES (?, 'src_1', 'POST', '/', '[]', 'accepted', 2, ?)", [`req_${++n}`, now()]);
    },
    idempotencyKey(): void {
      db.run("INSERT INTO idempotency_keys (scope, key, fingerprint, status, response, created_at) VALUES ('tok', ?, 'f', 200, '{}', ?)", [`k${++n}`, now()]);
    },
    session(ttl: number): void {
      db.run("INSERT OR IGNORE INTO users (id, email, password_hash, role, created_at, updated_at) VALUES ('usr_1', 'a@b.c', 'h', 'admin', 0, 0)");
      db.run("INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at) VALUES (?, 'usr_1', 'c', ?, ?)", [`s${++n}`, now(), now() + ttl]);
    },
    payload: (id: string) => (db.query("SELECT payload FROM messages WHERE id = ?").get(id) as { payload: Uint8Array | null } | null)?.payload,
    exists: (id: string) => db.query("SELECT 1 FROM messages WHERE id = ?").get(id) !== null,
    count: (table: string) => (db.query(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
  };
}

async function withApp(env: Record<string, string>, fn: (t: TestApp) => Promise<void>) {
  const t = await createTestApp({ env, start: false });
  try { await fn(t); } finally { await t.close(); }
}

describe("retention", () => {
  test("payloads expire after --retention-payload while the message, its delivery and attempts stay", () => withApp({ HOOKRELAY_RETENTION_PAYLOAD: "30d" }, async (t) => {
    const s = seeder(t);
    const old = s.message();
    t.clock.advance(20 * DAY);
    const young = s.message();
    t.clock.advance(11 * DAY); // old is 31 days, young 11 days
    await t.app.ctx.scheduler.tick();
    expect(s.payload(old)).toBeNull();
    expect(s.exists(old)).toBe(true);
    expect(s.count("attempts")).toBe(2);
    expect(s.payload(young)).not.toBeNull();
    // The next run reaches the young one once it is old enough.
    t.clock.advance(20 * DAY);
    await t.app.ctx.scheduler.tick();
    expect(s.payload(young)).toBeNull();
  }));

  test("a per-message payload_expires_at (payloadRetentionPeriod) wins over the default, both shorter and longer", () => withApp({}, async (t) => {
    const s = seeder(t);
    const short = s.message("success", t.clock.now() + 2 * DAY);
    const long = s.message("success", t.clock.now() + 60 * DAY);
    const plain = s.message();
    t.clock.advance(3 * DAY);
    await t.app.ctx.scheduler.tick();
    expect(s.payload(short)).toBeNull();
    expect(s.payload(long)).not.toBeNull();
    expect(s.payload(plain)).not.toBeNull();
    t.clock.advance(30 * DAY); // 33 days: past the 30-day default, not past 60
    await t.app.ctx.scheduler.tick();
    expect(s.payload(plain)).toBeNull();
    expect(s.payload(long)).not.toBeNull();
    t.clock.advance(30 * DAY);
    await t.app.ctx.scheduler.tick();
    expect(s.payload(long)).toBeNull();
  }));

  test("after --retention-attempts, attempts and finished messages are deleted; a message still being delivered is kept", () => withApp({ HOOKRELAY_RETENTION_ATTEMPTS: "90d" }, async (t) => {
    const s = seeder(t);
    const done = s.message("success");
    const failed = s.message("failed");
    const busy = s.message("pending");
    s.ingest();
    t.clock.advance(80 * DAY);
    const recent = s.message("success");
    s.ingest();
    t.clock.advance(11 * DAY);
    await t.app.ctx.scheduler.tick();
    expect(s.exists(done)).toBe(false);
    expect(s.exists(failed)).toBe(false);
    expect(s.exists(busy)).toBe(true);
    expect(s.exists(recent)).toBe(true);
    expect(s.count("deliveries")).toBe(2);
    expect(s.count("attempts")).toBe(1); // busy's attempt is 91 days old: gone; recent's stays
    expect(s.count("ingest_requests")).toBe(1);
  }));

  test("idempotency keys go after --idempotency-ttl and sessions once expired", () => withApp({ HOOKRELAY_IDEMPOTENCY_TTL: "24h" }, async (t) => {
    const s = seeder(t);
    s.idempotencyKey();
    s.session(3_600_000);
    s.session(7 * DAY);
    t.clock.advance(DAY / 2);
    s.idempotencyKey();
    t.clock.advance(DAY / 2 + 1);
    await t.app.ctx.scheduler.tick();
    expect(s.count("idempotency_keys")).toBe(1);
    expect(s.count("sessions")).toBe(1);
  }));

  test("pruning runs in batches of the given size, pausing between them", () => withApp({}, async (t) => {
    const s = seeder(t);
    for (let i = 0; i < 23; i++) s.message();
    t.clock.advance(31 * DAY);
    let pauses = 0;
    const counts = await createPruner(t.app.ctx.store).run(t.clock.now(), { payloadMs: 30 * DAY, recordsMs: 90 * DAY, idempotencyMs: DAY }, { batchSize: 5, pause: async () => { pauses++; } });
    expect(counts.payloads).toBe(23);
    expect(pauses).toBeGreaterThanOrEqual(4);
    expect(s.count("messages")).toBe(23);
  }));

  test("a batch bound leaves the rest for the next run instead of running unbounded", () => withApp({}, async (t) => {
    const s = seeder(t);
    for (let i = 0; i < 12; i++) s.message();
    t.clock.advance(91 * DAY);
    const pruner = createPruner(t.app.ctx.store);
    const policy = { payloadMs: 30 * DAY, recordsMs: 90 * DAY, idempotencyMs: DAY };
    expect((await pruner.run(t.clock.now(), policy, { batchSize: 5, maxBatches: 1 })).messages).toBe(5);
    expect(s.count("messages")).toBe(7);
    expect((await pruner.run(t.clock.now(), policy, { batchSize: 5, maxBatches: 10 })).messages).toBe(7);
  }));

  test("the job is registered with the scheduler and counts what it pruned", () => withApp({}, async (t) => {
    const s = seeder(t);
    s.message();
    t.clock.advance(31 * DAY);
    await t.app.ctx.scheduler.tick();
    expect((t.app.ctx.services.retentionTotals as Record<string, number>).payloads).toBe(1);
    expect(t.logs.some((l) => l.includes("retention pruned"))).toBe(true);
    expect(RETENTION_JOB).toBe("retention");
  }));
});
