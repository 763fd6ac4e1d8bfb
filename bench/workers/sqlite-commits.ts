// Baseline (its own process): how many durable commits per second this disk allows, with the
// relay's own pragmas (WAL, synchronous as given, busy_timeout, temp_store MEMORY). One 200-byte
// row per autocommit, then 100 rows per transaction. Bounded by time; prints one JSON line.
import { Database } from "bun:sqlite";
import { join } from "node:path";

const { dir, durationMs, synchronous } = JSON.parse(process.argv[2] ?? "{}") as { dir: string; durationMs: number; synchronous: string };
const db = new Database(join(dir, "commits.sqlite"), { create: true, strict: true });
db.run("PRAGMA busy_timeout = 5000");
db.run("PRAGMA journal_mode = WAL");
db.run(`PRAGMA synchronous = ${synchronous.toUpperCase()}`);
db.run("PRAGMA foreign_keys = ON");
db.run("PRAGMA temp_store = MEMORY");
db.run("PRAGMA journal_size_limit = 67108864");
db.run("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL, payload TEXT NOT NULL)");
const ins = db.prepare("INSERT INTO t (created_at, payload) VALUES (?, ?)");
const row = "x".repeat(200);

const timed = (fn: () => number): { perSec: number } => {
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < durationMs) n += fn();
  return { perSec: (n * 1000) / (performance.now() - t0) };
};

const single = timed(() => { ins.run(Date.now(), row); return 1; });
const batch = db.transaction(() => { for (let i = 0; i < 100; i++) ins.run(Date.now(), row); });
const batched = timed(() => { batch.immediate(); return 100; });
db.close();
process.stdout.write(JSON.stringify({ commitsPerSec: single.perSec, batchedRowsPerSec: batched.perSec }) + "\n");
