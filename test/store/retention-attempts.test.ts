// Attempt retention without a created_at index: a walk in insertion (rowid) order. An attempt is
// inserted when it finishes, so a long request's row can follow younger ones; none may go early.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyMigrations } from "../../src/store/migrate";
import { openStore, type Store } from "../../src/store/db";
import { createPruner } from "../../src/store/retention";
import { newId } from "../../src/lib/ids";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const policy = { payloadMs: 30 * DAY, recordsMs: 90 * DAY, idempotencyMs: DAY };

let dir: string;
let store: Store;
let deliveryId = 0;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "hookrelay-ret-"));
  store = openStore({ path: join(dir, "x.db"), synchronous: "normal" });
  applyMigrations(store.sqlite);
  const db = store.sqlite;
  db.run("INSERT INTO applications (id, name, created_at, updated_at) VALUES ('app_1', 'a', ?1, ?1)", [T0]);
  db.run("INSERT INTO endpoints (id, app_id, url, secret_enc, created_at, updated_at) VALUES ('ep_1', 'app_1', 'http://127.0.0.1:9/h', 'x', ?1, ?1)", [T0]);
  // A message still being delivered: retention keeps it, so only the attempt rule applies to its attempts.
  db.run("INSERT INTO messages (id, app_id, event_type, payload, created_at) VALUES ('msg_1', 'app_1', 'e', x'7b7d', ?)", [T0]);
  deliveryId = Number(db.run("INSERT INTO deliveries (message_id, endpoint_id, status, attempt_count, created_at, updated_at) VALUES ('msg_1', 'ep_1', 'pending', 1, ?1, ?1)", [T0]).lastInsertRowid);
});
afterEach(() => { store.close(); rmSync(dir, { recursive: true, force: true }); });

/** One attempt that started at `startedAt`, inserted now (as the engine does when it finishes). */
function attempt(startedAt: number): string {
  const id = newId("atmpt", startedAt);
  store.sqlite.run(`INSERT INTO attempts (id, delivery_id, message_id, endpoint_id, attempt_number, url, request_headers, duration_ms, success, created_at)
    VALUES (?, ?, 'msg_1', 'ep_1', 1, 'http://127.0.0.1:9/h', '{}', 5, 0, ?)`, [id, deliveryId, startedAt]);
  return id;
}
const remaining = () => (store.sqlite.query("SELECT id FROM attempts ORDER BY rowid").all() as { id: string }[]).map((r) => r.id);

describe("attempt retention", () => {
  test("deletes attempts older than the cutoff to the millisecond and keeps the ones at or after it", async () => {
    const older = attempt(T0);
    const justBefore = attempt(T0 + 10 * DAY - 1);
    const atCutoff = attempt(T0 + 10 * DAY);
    const counts = await createPruner(store).run(T0 + 100 * DAY, policy);
    expect(counts.attempts).toBe(2);
    expect(remaining()).toEqual([atCutoff]);
    expect(remaining()).not.toContain(older);
    expect(remaining()).not.toContain(justBefore);
  });

  test("an attempt inserted after a younger one goes at its own cutoff; the younger one stays", async () => {
    const young = attempt(T0 + 10 * DAY);
    attempt(T0 + 10 * DAY - 30_000); // started 30 s earlier, finished (and was inserted) later
    expect((await createPruner(store).run(T0 + 100 * DAY - 10_000, policy)).attempts).toBe(1);
    expect(remaining()).toEqual([young]);
  });

  test("an old attempt past the first batch behind a younger one waits for the next run, never goes early", async () => {
    const young = attempt(T0 + 10 * DAY);
    const longRequest = attempt(T0 + 10 * DAY - 30_000);
    const pruner = createPruner(store);
    expect((await pruner.run(T0 + 100 * DAY - 10_000, policy, { batchSize: 1 })).attempts).toBe(0);
    expect(remaining()).toEqual([young, longRequest]);
    expect((await pruner.run(T0 + 100 * DAY + 1, policy, { batchSize: 1 })).attempts).toBe(2);
    expect(remaining()).toEqual([]);
  });

  test("deletes in batches until no old attempt is left, and stops at a run's batch bound", async () => {
    for (let i = 0; i < 23; i++) attempt(T0 + i);
    const recent = attempt(T0 + 95 * DAY);
    const pruner = createPruner(store);
    expect((await pruner.run(T0 + 100 * DAY, policy, { batchSize: 5, maxBatches: 2 })).attempts).toBe(10);
    expect((await pruner.run(T0 + 100 * DAY, policy, { batchSize: 5 })).attempts).toBe(13);
    expect(remaining()).toEqual([recent]);
  });
});
