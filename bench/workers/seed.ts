// Growth seed (its own process): fills a migrated hookrelay database with `count` finished
// messages — each with one successful delivery and one attempt record, like a busy month —
// through direct bun:sqlite bulk inserts (synchronous OFF: this is test data, not a commit path).
// They belong to a seed application so the benchmark's own app starts empty but shares every index.
import { Database } from "bun:sqlite";
import { newId } from "../../src/lib/ids";

const { dbPath, count } = JSON.parse(process.argv[2] ?? "{}") as { dbPath: string; count: number };
const db = new Database(dbPath, { strict: true });
db.run("PRAGMA journal_mode = WAL");
db.run("PRAGMA synchronous = OFF");
db.run("PRAGMA foreign_keys = ON");

const DAY = 86_400_000;
const t0 = Date.now() - DAY; // within retention, so the relay's retention job leaves them alone
const step = DAY / Math.max(1, count);
const appId = newId("app", t0);
const epId = newId("ep", t0);
const url = "http://127.0.0.1:9/seed";
db.query("INSERT INTO applications (id, name, metadata, created_at, updated_at) VALUES (?, 'growth seed', '{}', ?, ?)").run(appId, t0, t0);
db.query("INSERT INTO endpoints (id, app_id, url, secret_enc, created_at, updated_at) VALUES (?, ?, ?, 'seed:not-a-secret', ?, ?)").run(epId, appId, url, t0, t0);

const msg = db.prepare(`INSERT INTO messages (id, app_id, event_type, payload, content_type, created_at, payload_expires_at)
  VALUES (?, ?, 'bench.seed', ?, 'application/json', ?, ?)`);
const del = db.prepare(`INSERT INTO deliveries (message_id, endpoint_id, status, attempt_count, last_attempt_at, last_status_code, created_at, updated_at)
  VALUES (?, ?, 'success', 1, ?, 200, ?, ?)`);
const att = db.prepare(`INSERT INTO attempts (id, delivery_id, message_id, endpoint_id, attempt_number, trigger_type, url, request_headers,
  response_status, response_headers, response_body, duration_ms, success, created_at)
  VALUES (?, ?, ?, ?, 1, 0, ?, ?, 200, '{"content-type":"text/plain"}', 'ok', 3, 1, ?)`);

const pad = "y".repeat(160);
const batch = db.transaction((from: number, to: number) => {
  for (let i = from; i < to; i++) {
    const at = Math.floor(t0 + i * step);
    const id = newId("msg", at);
    const headers = `{"webhook-id":"${id}","webhook-timestamp":"${Math.floor(at / 1000)}","webhook-signature":"<redacted>","content-type":"application/json"}`;
    msg.run(id, appId, Buffer.from(`{"seq":${i},"data":"${pad}"}`), at, at + 30 * DAY);
    const d = del.run(id, epId, at + 3, at, at + 3);
    att.run(newId("atmpt", at + 3), Number(d.lastInsertRowid), id, epId, url, headers, at + 3);
  }
});
const started = performance.now();
for (let i = 0; i < count; i += 20_000) batch(i, Math.min(count, i + 20_000));
db.run("PRAGMA wal_checkpoint(TRUNCATE)");
db.close();
process.stdout.write(JSON.stringify({ count, seconds: (performance.now() - started) / 1000 }) + "\n");
