// Crash-test loader: sends `rate` events per second for `duration` ms, each with a unique
// Idempotency-Key, and retries the SAME key on connection errors and 5xx (the relay is being
// killed under it). Every 2xx is appended to --out as {seq, msgId} the moment it arrives.
//   bun bench/crash/loader.ts --base URL --token T --app APP --run RUN --rate 40 --duration 15000 --out acks.jsonl
import { appendFileSync } from "node:fs";
import { keyOf, payloadFor } from "./payload";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || !process.argv[i + 1]) { console.error(`missing --${name}`); process.exit(2); }
  return process.argv[i + 1];
};
const base = arg("base"), token = arg("token"), app = arg("app"), runId = arg("run"), out = arg("out");
const rate = Number(arg("rate")), duration = Number(arg("duration"));
/** A key is given up after this long without a 2xx (the relay restarts in about a second). */
const GIVE_UP_MS = 30_000;
const MAX_OUTSTANDING = 2000;

let acked = 0, gaveUp = 0, rejected = 0, retries = 0, outstanding = 0;

async function sendOne(seq: number): Promise<void> {
  const body = JSON.stringify({ eventType: "crash.test", payload: payloadFor(runId, seq) });
  const started = Date.now();
  let delay = 50;
  for (;;) {
    try {
      const r = await fetch(`${base}/api/v1/app/${app}/msg/`, {
        method: "POST", body,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": keyOf(runId, seq) },
        signal: AbortSignal.timeout(10_000),
      });
      const text = await r.text();
      if (r.status >= 200 && r.status < 300) {
        appendFileSync(out, JSON.stringify({ seq, msgId: (JSON.parse(text) as { id: string }).id }) + "\n");
        acked++;
        return;
      }
      // 409: the same key is still in flight in the relay (a retry raced the first try). 429/5xx: try again.
      if (r.status !== 409 && r.status !== 429 && r.status < 500) { rejected++; console.error(`seq ${seq}: ${r.status} ${text.slice(0, 200)}`); return; }
    } catch { /* connection refused/reset while the relay is down: retry the same key */ }
    if (Date.now() - started > GIVE_UP_MS) { gaveUp++; return; }
    retries++;
    await Bun.sleep(delay);
    delay = Math.min(delay * 2, 500);
  }
}

const pending = new Set<Promise<void>>();
const t0 = Date.now();
let seq = 0;
while (Date.now() - t0 < duration) {
  // Steady rate: send whatever is due by the schedule, then wait for the next slot.
  const due = Math.floor(((Date.now() - t0) / 1000) * rate);
  while (seq < due && outstanding < MAX_OUTSTANDING) {
    const s = seq++;
    outstanding++;
    const p = sendOne(s).finally(() => { outstanding--; pending.delete(p); });
    pending.add(p);
  }
  await Bun.sleep(Math.max(1, 1000 / rate));
}
await Promise.all([...pending]);
console.log(`loader done sent=${seq} acked=${acked} gave_up=${gaveUp} rejected=${rejected} retries=${retries}`);
process.exit(0);
