// Retention soak: steady outbound load for many simulated days against the real server, with the
// fake clock moved one hour at a time, to show the database stops growing once retention catches up.
//   bun scripts/retention-soak.ts [--days 14] [--per-hour 100]
// Retention is shortened (payloads 1 day, records 3 days) so the plateau shows within the run.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../src/features";
import { createApp } from "../src/app";
import { loadConfig } from "../src/config/load";
import { FakeClock } from "../src/lib/clock";
import { createLogger } from "../src/lib/log";
import { createToken } from "../src/store/tokens";

const args = process.argv.slice(2);
const opt = (n: string, d: number) => { const i = args.indexOf(n); return i >= 0 ? Number(args[i + 1]) : d; };
const days = opt("--days", 14);
const perHour = opt("--per-hour", 100);
const HOUR = 3_600_000;

const dataDir = mkdtempSync(join(tmpdir(), "hookrelay-soak-"));
const receiver = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("ok") });
const config = loadConfig({ env: {
  HOOKRELAY_DATA_DIR: dataDir, HOOKRELAY_SQLITE_SYNCHRONOUS: "normal", HOOKRELAY_ALLOW_PRIVATE_DESTINATIONS: "true",
  HOOKRELAY_RETENTION_PAYLOAD: "1d", HOOKRELAY_RETENTION_ATTEMPTS: "3d",
} });
const clock = new FakeClock(Date.UTC(2026, 0, 1));
const app = await createApp({ config, clock, log: createLogger({ level: "warn", format: "text" }) });
app.start("127.0.0.1:0");
const { token } = createToken(app.ctx.store, "soak", clock.now());
const api = async (path: string, body: unknown) => {
  const r = await fetch(`${app.url}/api/v1${path}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  if (r.status >= 300) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json() as Promise<{ id: string }>;
};
const engine = app.ctx.services.delivery as { idle(): Promise<void> };
const sqlite = app.ctx.store.sqlite;
const one = (sql: string) => (sqlite.query(sql).get() as { n: number }).n;
const size = (p: string) => { try { return statSync(p).size; } catch { return 0; } };

const a = await api("/app", { name: "soak" });
await api(`/app/${a.id}/endpoint`, { url: `http://127.0.0.1:${receiver.port}/hook` });
const payload = { order: "ord_123", customer: { id: "cus_9", email: "someone@example.com" }, items: Array.from({ length: 8 }, (_, i) => ({ sku: `sku-${i}`, qty: i + 1, price: 1999 })) };

console.log(`| day | messages sent | rows: messages / attempts / payloads kept | DB file | WAL | pages used | POST p50 / p99 / max (ms) | slowest retention run (ms) |`);
console.log(`|---|---|---|---|---|---|---|---|`);
let sent = 0;
const started = performance.now();
for (let day = 1; day <= days; day++) {
  const posts: number[] = [];
  let slowestRetention = 0;
  for (let h = 0; h < 24; h++) {
    clock.advance(HOUR);
    // Retention (due every minute of fake time) runs while this hour's messages are being posted.
    const t0 = performance.now();
    const retention = app.ctx.scheduler.tick().then(() => { slowestRetention = Math.max(slowestRetention, performance.now() - t0); });
    for (let i = 0; i < perHour; i += 25) {
      await Promise.all(Array.from({ length: Math.min(25, perHour - i) }, async () => {
        const p0 = performance.now();
        await api(`/app/${a.id}/msg`, { eventType: "order.created", payload });
        posts.push(performance.now() - p0);
      }));
    }
    sent += perHour;
    await retention;
    await engine.idle();
  }
  posts.sort((x, y) => x - y);
  const pct = (p: number) => posts[Math.min(posts.length - 1, Math.floor(p * posts.length))].toFixed(1);
  sqlite.run("PRAGMA wal_checkpoint(PASSIVE)");
  const pageSize = one("SELECT page_size AS n FROM pragma_page_size");
  const used = (one("SELECT page_count AS n FROM pragma_page_count") - one("SELECT freelist_count AS n FROM pragma_freelist_count")) * pageSize;
  const kb = (n: number) => `${Math.round(n / 1024)} KiB`;
  console.log(`| ${day} | ${sent} | ${one("SELECT count(*) AS n FROM messages")} / ${one("SELECT count(*) AS n FROM attempts")} / ${one("SELECT count(*) AS n FROM messages WHERE payload IS NOT NULL")} | ${kb(size(app.ctx.store.path))} | ${kb(size(app.ctx.store.path + "-wal"))} | ${kb(used)} | ${pct(0.5)} / ${pct(0.99)} / ${posts[posts.length - 1].toFixed(1)} | ${slowestRetention.toFixed(1)} |`);
}
console.log(`\n${sent} messages in ${((performance.now() - started) / 1000).toFixed(1)} s wall time; ${days} simulated days at ${perHour}/hour.`);
await app.stop(2000);
receiver.stop(true);
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
