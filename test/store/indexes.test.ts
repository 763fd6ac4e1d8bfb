// The messages/attempts indexes after 0003_partial_indexes: a database migrated from 0002 with data
// gets them, event-id uniqueness still holds, and every query that relied on a changed or dropped
// index still reads through an index (EXPLAIN QUERY PLAN), the foreign-key cascade included.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { Database } from "bun:sqlite";
import { applyMigrations, bundledMigrations } from "../../src/store/migrate";
import { openStore, writeTx, type Store } from "../../src/store/db";
import { MessageStore, type NewMessage } from "../../src/store/messages";
import { WriteBatcher } from "../../src/store/write-batcher";
import { DuplicateError } from "../../src/store/store-errors";
import { createPruner } from "../../src/store/retention";
import { createDashboardQueries } from "../../src/store/ui-dashboard";
import { createMessageQueries } from "../../src/store/ui-messages";
import { Redelivery } from "../../src/store/redelivery";
import { AttemptLog } from "../../src/store/attempt-log";
import { IngestDeliveryStore } from "../../src/store/ingest-deliveries";
import type { PageQuery } from "../../src/store/pagination";
import { SourceStore } from "../../src/store/sources";
import { createSecretBox } from "../../src/lib/secret-box";
import { idFloor, newId } from "../../src/lib/ids";

const T0 = Date.UTC(2026, 0, 1);
const PAGE: PageQuery = { limit: 10, iterator: null, order: "descending" };
const PARTIAL = ["messages_app_idx", "messages_source_idx", "messages_app_event_id_idx", "messages_expiry_idx"];

/** Outbound and inbound rows as the API, the engine and the ingest pipeline write them. */
function seedRows(db: Database, n: number) {
  db.run("INSERT INTO applications (id, name, created_at, updated_at) VALUES ('app_1', 'a', ?1, ?1)", [T0]);
  db.run("INSERT INTO endpoints (id, app_id, url, secret_enc, created_at, updated_at) VALUES ('ep_1', 'app_1', 'http://127.0.0.1:9/h', 'x', ?1, ?1)", [T0]);
  const msg = db.prepare("INSERT INTO messages (id, app_id, source_id, event_type, event_id, payload, created_at, payload_expires_at) VALUES (?, ?, ?, 'e', ?, x'7b7d', ?, ?)");
  const del = db.prepare("INSERT INTO deliveries (message_id, endpoint_id, status, attempt_count, created_at, updated_at) VALUES (?, 'ep_1', 'success', 1, ?2, ?2)");
  const att = db.prepare(`INSERT INTO attempts (id, delivery_id, message_id, endpoint_id, attempt_number, url, request_headers, duration_ms, success, created_at)
    VALUES (?, ?, ?, 'ep_1', 1, 'http://127.0.0.1:9/h', '{}', 5, 1, ?)`);
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const at = T0 + i * 1000;
      const id = idFloor("msg", at).slice(0, -6) + String(i).padStart(6, "0");
      const inbound = i % 4 === 3;
      msg.run(id, inbound ? null : "app_1", inbound ? "src_1" : null, i % 10 === 0 ? `evt_${i}` : null, at, i % 20 === 0 ? at + 60_000 : null);
      const d = del.run(id, at);
      att.run(idFloor("atmpt", at).slice(0, -6) + String(i).padStart(6, "0"), Number(d.lastInsertRowid), id, at);
    }
  })();
}

const indexSql = (db: Database) => Object.fromEntries((db.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as { name: string; sql: string }[]).map((r) => [r.name, r.sql]));
/** Entries in an index: counted through it (INDEXED BY fails loudly if the planner cannot use it). */
const entries = (db: Database, index: string, where: string) => (db.query(`SELECT count(*) AS n FROM messages INDEXED BY ${index} WHERE ${where}`).get() as { n: number }).n;

describe("0003_partial_indexes", () => {
  test("a database migrated from 0002 with data gets the partial indexes, keeps its rows and drops attempts_created_idx", () => {
    const db = new Database(":memory:");
    const all = bundledMigrations();
    const upTo2 = all.filter((m) => m.tag < "0003");
    expect(upTo2.map((m) => m.tag)).toEqual(["0000_init", "0001_ops_alerts", "0002_source_tokens_sealed"]);
    applyMigrations(db, upTo2);
    db.run("PRAGMA foreign_keys = ON");
    seedRows(db, 200);
    expect(indexSql(db).attempts_created_idx).toBeDefined();

    expect(applyMigrations(db, all)).toContain("0003_partial_indexes");
    const idx = indexSql(db);
    expect(idx.attempts_created_idx).toBeUndefined();
    expect(idx.attempts_delivery_idx).toBeDefined(); // the cascade from deliveries needs it
    for (const name of PARTIAL) expect(idx[name]).toMatch(/ WHERE \w+ IS NOT NULL$/);
    expect(db.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    expect((db.query("SELECT count(*) AS n FROM messages").get() as { n: number }).n).toBe(200);
    // Only rows with the key are in each index: 150 outbound, 50 inbound, 20 with an eventId, 10 with an expiry.
    expect(entries(db, "messages_app_idx", "app_id IS NOT NULL")).toBe(150);
    expect(entries(db, "messages_source_idx", "source_id IS NOT NULL")).toBe(50);
    expect(entries(db, "messages_app_event_id_idx", "event_id IS NOT NULL")).toBe(20);
    expect(entries(db, "messages_expiry_idx", "payload_expires_at IS NOT NULL")).toBe(10);
  });
});

describe("0004_attempts_by_delivery", () => {
  test("a migrated database drops the attempts message index and still lists a message's attempts, oldest first", () => {
    const db = new Database(":memory:");
    const all = bundledMigrations();
    applyMigrations(db, all.filter((m) => m.tag < "0004"));
    db.run("PRAGMA foreign_keys = ON");
    seedRows(db, 50);
    expect(indexSql(db).attempts_message_idx).toBeDefined();
    expect(applyMigrations(db, all)).toContain("0004_attempts_by_delivery");
    expect(indexSql(db).attempts_message_idx).toBeUndefined();
    expect(db.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    const { id: messageId } = db.query("SELECT message_id AS id FROM attempts ORDER BY rowid LIMIT 1 OFFSET 7").get() as { id: string };
    // A second attempt of the same delivery, made later: listed after the first.
    const { delivery_id } = db.query("SELECT delivery_id FROM attempts WHERE message_id = ?").get(messageId) as { delivery_id: number };
    db.run(`INSERT INTO attempts (id, delivery_id, message_id, endpoint_id, attempt_number, url, request_headers, duration_ms, success, created_at)
      VALUES (?, ?, ?, 'ep_1', 2, 'http://127.0.0.1:9/h', '{}', 5, 0, ?)`, [newId("atmpt", T0 + 10_000_000), delivery_id, messageId, T0 + 10_000_000]);
    const store = { sqlite: db } as unknown as Store;
    const listed = new AttemptLog(store).attempts({ messageId }, { limit: 10, iterator: null, order: "ascending" });
    expect(listed.data.map((a) => [a.messageId, a.attemptNumber])).toEqual([[messageId, 1], [messageId, 2]]);
    expect(new IngestDeliveryStore(store).attempts(messageId).map((a) => a.attemptNumber)).toEqual([1, 2]);
  });
});

describe("indexes in use", () => {
  let dir: string;
  let store: Store;
  let messages: MessageStore;
  const msg = (eventId: string | null): NewMessage => ({ appId: "app_1", eventType: "e", eventId, channels: null, tags: null, payload: "{}", deliverAt: null, payloadExpiresAt: null });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "hookrelay-idx-"));
    store = openStore({ path: join(dir, "x.db"), synchronous: "normal" });
    applyMigrations(store.sqlite);
    seedRows(store.sqlite, 2000);
    store.sqlite.run("ANALYZE");
    messages = new MessageStore(store, new WriteBatcher(store.sqlite));
  });
  afterAll(() => { store.close(); rmSync(dir, { recursive: true, force: true }); });

  test("an eventId stays unique per application while messages without one never conflict", () => {
    writeTx(store, () => {
      messages.insertNow(newId("msg", T0), msg(null), T0);
      messages.insertNow(newId("msg", T0), msg(null), T0);
      messages.insertNow(newId("msg", T0), msg("evt-unique"), T0);
    });
    expect(() => writeTx(store, () => messages.insertNow(newId("msg", T0), msg("evt-unique"), T0))).toThrow(DuplicateError);
    expect(messages.get("app_1", "evt-unique")?.eventId).toBe("evt-unique");
  });

  test("deleting an application finds its messages through the partial app index (foreign-key cascade)", () => {
    const root = (name: string) => (store.sqlite.query("SELECT rootpage AS p FROM sqlite_master WHERE name = ?").get(name) as { p: number }).p;
    // Finalized right away: an EXPLAIN of a write left un-reset would count as a write in progress and block COMMIT.
    const explain = store.sqlite.prepare("EXPLAIN DELETE FROM applications WHERE id = ?");
    const program = explain.all("x") as { opcode: string; p2: number }[];
    explain.finalize();
    const opened = program.filter((r) => r.opcode === "OpenRead").map((r) => r.p2);
    expect(opened).toContain(root("messages_app_idx"));
  });

  test("every query on the changed indexes reads through an index; only the bounded rowid walks scan", async () => {
    const db = store.sqlite;
    const seen = new Set<string>();
    const original = { query: db.query.bind(db), prepare: db.prepare.bind(db), run: db.run.bind(db) };
    const spy = <F extends (sql: string, ...rest: any[]) => unknown>(fn: F) => ((sql: string, ...rest: any[]) => { seen.add(sql); return fn(sql, ...rest); }) as F;
    Object.assign(db, { query: spy(original.query), prepare: spy(original.prepare), run: spy(original.run) });
    try {
      const m = new MessageStore(store, new WriteBatcher(db));
      m.get("app_1", "evt_10");
      m.list("app_1", { withContent: false, after: T0 + 5000 }, PAGE);
      createMessageQueries(store).idsByEventId("evt_10");
      new IngestDeliveryStore(store); // prepares its statements up front

      new Redelivery(store);
      // Attempt lists filter by time on created_at, which lost its index: they go by message or endpoint.
      const log = new AttemptLog(store);
      log.attempts({ endpointId: "ep_1", after: T0, before: T0 + 60_000 }, PAGE);
      log.attempts({ messageId: "msg_x", after: T0 }, PAGE);
      createDashboardQueries(store).hourly(T0 + 3_600_000);
      createPruner(store); // prepares all its statements up front
      new SourceStore(store, createSecretBox(randomBytes(32))).delete("src_none");
    } finally {
      Object.assign(db, original);
    }
    const touching = [...seen].filter((s) => /\b(messages|attempts)\b/.test(s) && !/^\s*(BEGIN|COMMIT|PRAGMA)/i.test(s));
    expect(touching.length).toBeGreaterThan(10);
    const plans = new Map<string, string[]>();
    for (const sql of touching) {
      const stmt = original.prepare(sql);
      const args = Array(stmt.paramsCount).fill("x");
      plans.set(sql, (original.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail));
    }
    for (const [sql, plan] of plans) {
      const walk = /ORDER BY (\w+\.)?rowid LIMIT/.test(sql) || /^SELECT max\(rowid\)/.test(sql);
      const names = new Set(["messages", "attempts"]);
      for (const [, , alias] of sql.matchAll(/\b(messages|attempts)\s+(\w+)/g)) if (!/^(WHERE|ON|JOIN|LEFT|CROSS|ORDER|SET|LIMIT|GROUP)$/i.test(alias)) names.add(alias);
      const scans = plan.filter((d) => names.has(/^SCAN (\w+)/.exec(d)?.[1] ?? "") && !/USING (COVERING )?INDEX/.test(d));
      expect({ sql, scans: walk ? [] : scans }).toEqual({ sql, scans: [] });
    }
    if (process.env.SHOW_PLANS) for (const [sql, plan] of plans) console.log(sql.replace(/\s+/g, " ").slice(0, 160), "\n   ", plan.join(" | "));
    const planOf = (part: string) => [...plans].find(([sql]) => sql.includes(part))?.[1].join(" | ") ?? `no statement with ${part}`;
    expect(planOf("m.app_id = ? AND m.event_id = ?")).toContain("messages_app_event_id_idx");
    expect(planOf("CROSS JOIN messages m")).toContain("messages_app_event_id_idx");
    expect(planOf("payload_expires_at >= ?1")).toContain("messages_expiry_idx");
    expect(planOf("DELETE FROM messages WHERE source_id")).toContain("messages_source_idx");
    expect(planOf("m.app_id = ? AND m.id > ?")).toContain("messages_app_idx");
    expect(planOf("a.endpoint_id = ? AND a.created_at")).toContain("attempts_endpoint_idx");
    expect(planOf("FROM attempts WHERE id >= ?1")).toMatch(/SEARCH attempts USING INDEX sqlite_autoindex_attempts_1 \(id>\?\)/);
    // No message index on attempts (0004): a message's attempts come through its deliveries.
    expect(planOf("a.delivery_id IN (SELECT id FROM deliveries WHERE message_id = ?)")).toMatch(/SEARCH a USING INDEX attempts_delivery_idx \(delivery_id=\?\).*SEARCH deliveries USING COVERING INDEX deliveries_msg_ep_idx \(message_id=\?\)|SEARCH deliveries USING COVERING INDEX deliveries_msg_ep_idx \(message_id=\?\).*SEARCH a USING INDEX attempts_delivery_idx/);
  });
});
