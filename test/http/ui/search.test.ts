// The UI's read queries (src/store/ui-*.ts) on a seeded database: message search in each of its modes,
// keyset pages without gaps or repeats, the scan budget that keeps a fruitless filter fast, index-only
// plans (EXPLAIN QUERY PLAN), and the dashboard's hourly counts and endpoint health.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { TestApp } from "../../helpers/test-app";
import { idFloor } from "../../../src/lib/ids";
import { createMessageQueries, messageQueriesFor, SCAN_BUDGET, type MessageSearch } from "../../../src/store/ui-messages";
import { dashboardQueriesFor } from "../../../src/store/ui-dashboard";
import { endpointQueriesFor } from "../../../src/store/ui-endpoints";
import { appWithEndpoint, uiApp } from "./ui-client";

let t: TestApp;
let a: Awaited<ReturnType<typeof appWithEndpoint>>;
let b: Awaited<ReturnType<typeof appWithEndpoint>>;
const HOUR = 3_600_000;
let now = 0;
const seeded: { id: string; app: string; type: string; status: string; at: number }[] = [];

// newId() never goes back in time within a process, so ids for the past are built from idFloor plus a
// counter in the low (random) digits: they sort by `at` as real ids do.
let counter = 0;
const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const idAt = (prefix: string, at: number) => {
  let n = ++counter;
  let tail = "";
  for (let i = 0; i < 5; i++) { tail = B62[n % 62] + tail; n = Math.floor(n / 62); }
  return idFloor(prefix, at).slice(0, -5) + tail;
};

/** Bulk rows in one transaction: message + delivery (+ attempt when finished). */
function seed(rows: { app: string; ep: string; type: string; status: "success" | "failed" | "pending"; at: number; ms?: number }[]) {
  const q = t.app.ctx.store.sqlite;
  const m = q.prepare("INSERT INTO messages (id, app_id, event_type, payload, created_at) VALUES (?, ?, ?, '{}', ?)");
  const d = q.prepare("INSERT INTO deliveries (message_id, endpoint_id, status, attempt_count, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?)");
  const at = q.prepare("INSERT INTO attempts (id, delivery_id, message_id, endpoint_id, attempt_number, url, request_headers, response_status, duration_ms, success, created_at) VALUES (?, ?, ?, ?, 1, 'http://x', '{}', ?, ?, ?, ?)");
  q.transaction(() => {
    for (const r of rows) {
      const id = idAt("msg", r.at);
      m.run(id, r.app, r.type, r.at);
      const del = d.run(id, r.ep, r.status, r.status === "pending" ? r.at + 60_000 : null, r.at, r.at);
      if (r.status !== "pending") at.run(idAt("atmpt", r.at), del.lastInsertRowid, id, r.ep, r.status === "success" ? 200 : 500, r.ms ?? 10, r.status === "success" ? 1 : 0, r.at);
      seeded.push({ id, app: r.app, type: r.type, status: r.status, at: r.at });
    }
  })();
}

beforeAll(async () => {
  t = await uiApp();
  now = t.clock.now();
  a = await appWithEndpoint(t, "http://127.0.0.1:9/a", "A");
  b = await appWithEndpoint(t, "http://127.0.0.1:9/b", "B");
  const rows: Parameters<typeof seed>[0] = [];
  // 30 h of history, oldest first: one rare.type message at the very start, then plenty of noise.
  rows.push({ app: a.appId, ep: a.endpointId, type: "rare.type", status: "failed", at: now - 30 * HOUR });
  for (let i = 1; i <= SCAN_BUDGET + 5000; i++) {
    const app = i % 3 === 0 ? b : a;
    rows.push({ app: app.appId, ep: app.endpointId, type: i % 2 ? "order.created" : "order.paid", status: i % 10 === 0 ? "failed" : i % 25 === 0 ? "pending" : "success", at: now - 30 * HOUR + i * 4300, ms: i % 100 });
  }
  seed(rows);
}, 60_000);
afterAll(() => t.close());

const search = (f: Partial<MessageSearch>) => messageQueriesFor(t.app.ctx.store).search({ limit: 50, ...f });

/** Walks every page of a search; returns the ids in order. */
function all(f: Partial<MessageSearch>, max = 200): string[] {
  const out: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < max; i++) {
    const p = search({ ...f, cursor });
    out.push(...p.rows.map((r) => r.id + (r.delivery ? `/${r.delivery.endpointId}` : "")));
    if (!p.next) break;
    cursor = p.next;
  }
  return out;
}

describe("message search", () => {
  test("lists newest first by default and pages by keyset without gaps or repeats", () => {
    const first = search({});
    expect(first.rows).toHaveLength(50);
    const newest = [...seeded].sort((x, y) => (x.id < y.id ? 1 : -1)).slice(0, 120).map((s) => s.id);
    const ids = [...first.rows.map((r) => r.id), ...search({ cursor: first.next }).rows.map((r) => r.id), ...search({ cursor: search({ cursor: first.next }).next }).rows.map((r) => r.id)];
    expect(ids.slice(0, 120)).toEqual(newest);
  });

  test("filters by application, event type and time range", () => {
    const since = now - 2 * HOUR;
    const got = all({ appId: b.appId, eventType: "order.paid", since, until: now });
    const want = seeded.filter((s) => s.app === b.appId && s.type === "order.paid" && s.at >= since && s.at < now).map((s) => s.id).sort().reverse();
    expect(got).toEqual(want);
    expect(got.length).toBeGreaterThan(100);
  });

  test("a status filter lists (message, endpoint) pairs in that state, newest first", () => {
    const failed = all({ status: "failed", appId: a.appId, since: now - 3 * HOUR });
    const want = seeded.filter((s) => s.status === "failed" && s.app === a.appId && s.at >= now - 3 * HOUR).map((s) => `${s.id}/${a.endpointId}`).sort().reverse();
    expect(failed).toEqual(want);
    const pending = search({ status: "pending", endpointId: b.endpointId }).rows;
    expect(pending.length).toBeGreaterThan(0);
    // Seeded pending rows have had one attempt: they are retrying.
    expect(pending.every((r) => r.delivery?.status === "retrying" && r.appId === b.appId)).toBe(true);
    expect(search({ status: "retrying" }).rows.length).toBe(50);
  });

  test("a filter that matches nothing recent stops at the scan budget and Older reaches the old match", () => {
    const first = search({ eventType: "rare.type" });
    expect(first.rows).toEqual([]);
    expect(first.budgetHit).toBe(true);
    expect(first.next).toMatch(/^msg_/);
    const second = search({ eventType: "rare.type", cursor: first.next });
    expect(second.rows.map((r) => r.id)).toEqual([seeded[0].id]);
    expect(second.next).toBeNull();
  });

  test("an event id or message id finds the message directly", () => {
    const id = seeded[10].id;
    expect(messageQueriesFor(t.app.ctx.store).get(id)?.eventType).toBe(seeded[10].type);
    expect(messageQueriesFor(t.app.ctx.store).idsByEventId("no-such-event")).toEqual([]);
  });

  test("every query it runs reads through an index: full scans only in the bounded scan-budget edge query", () => {
    const db = t.app.ctx.store.sqlite;
    const seen = new Set<string>();
    const original = { query: db.query.bind(db), prepare: db.prepare.bind(db) };
    const spy = (fn: (sql: string) => unknown) => (sql: string) => { seen.add(sql); return fn(sql); };
    Object.assign(db, { query: spy(original.query), prepare: spy(original.prepare) });
    try {
      // A fresh instance, so the statements it prepares up front are seen too.
      const m = createMessageQueries(t.app.ctx.store);
      for (const f of [{}, { appId: a.appId }, { eventType: "order.paid", since: now - HOUR }, { status: "failed" as const }, { status: "retrying" as const },
        { status: "pending" as const }, { endpointId: a.endpointId, status: "success" as const }]) m.search({ limit: 50, ...f });
      m.statusCounts(seeded.slice(0, 5).map((s) => s.id));
      m.idsByEventId("evt-1");
      m.attempts(seeded[0].id);
    } finally {
      Object.assign(db, original);
    }
    expect(seen.size).toBeGreaterThan(8);
    for (const sql of seen) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array(db.prepare(sql).paramsCount).fill("x")) as { detail: string }[]).map((r) => r.detail);
      const bounded = sql.includes(`OFFSET ${SCAN_BUDGET - 1}`);
      const scans = plan.filter((d) => /^SCAN (messages|deliveries|attempts|m|d)\b/.test(d));
      expect({ sql, scans: bounded ? [] : scans }).toEqual({ sql, scans: [] });
    }
  });

  test("a page over 25,000 messages answers within a generous bound", () => {
    const started = performance.now();
    search({ eventType: "rare.type" });
    search({ status: "failed" });
    search({ endpointId: b.endpointId, eventType: "order.paid" });
    expect(performance.now() - started).toBeLessThan(1500);
  });
});

describe("dashboard and endpoint health", () => {
  test("counts attempts per hour over the last 24 h, caching hours that can no longer change", () => {
    const d = dashboardQueriesFor(t.app.ctx.store);
    const hours = d.hourly(now);
    expect(hours).toHaveLength(24);
    const start = hours[0].start;
    const inWindow = seeded.filter((s) => s.status !== "pending" && s.at >= start && s.at < now + 1);
    expect(hours.reduce((n, h) => n + h.ok + h.fail, 0)).toBe(inWindow.length);
    expect(hours.reduce((n, h) => n + h.fail, 0)).toBe(inWindow.filter((s) => s.status === "failed").length);
    // A late row in a closed hour is not re-counted (cached); one in the current hour is.
    seed([{ app: a.appId, ep: a.endpointId, type: "x", status: "success", at: start + 10 }, { app: a.appId, ep: a.endpointId, type: "x", status: "failed", at: now }]);
    const again = d.hourly(now);
    expect(again[0]).toEqual(hours[0]);
    expect(again[23].fail).toBe(hours[23].fail + 1);
  });

  test("an attempt whose id was made from a later clock than its start still counts in its hour", () => {
    const d = dashboardQueriesFor(t.app.ctx.store);
    const before = d.hourly(now)[23];
    seed([{ app: a.appId, ep: a.endpointId, type: "x", status: "success", at: now }]);
    const db = t.app.ctx.store.sqlite;
    const last = db.query("SELECT id FROM attempts ORDER BY rowid DESC LIMIT 1").get() as { id: string };
    // Ids never go back: after a clock step back (or ids made from a later clock) an id runs ahead of created_at.
    db.run("UPDATE attempts SET id = ? WHERE id = ?", [`${idFloor("atmpt", now + 30 * 86_400_000)}zz`, last.id]);
    expect(d.hourly(now)[23].ok).toBe(before.ok + 1);
  });

  test("endpoint health gives the success rate and latency percentiles of its newest attempts", () => {
    const h = endpointQueriesFor(t.app.ctx.store).health(b.endpointId, now - 24 * HOUR);
    const mine = seeded.filter((s) => s.app === b.appId && s.status !== "pending" && s.at >= now - 24 * HOUR);
    expect(h.attempts).toBe(Math.min(mine.length, 10_000));
    expect(h.successRate).toBeGreaterThan(0.85);
    expect(h.successRate).toBeLessThan(0.95);
    expect(h.p50Ms).toBeGreaterThanOrEqual(40);
    expect(h.p95Ms).toBeGreaterThanOrEqual(h.p50Ms!);
  });
});
