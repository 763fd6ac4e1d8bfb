// Load generator (its own process). Sends POSTs to one loopback URL, either closed-loop (a fixed
// number of concurrent senders, each waiting for its answer) or open-loop (a fixed offered rate,
// capped in-flight). Each body carries its send time `"t":<ms>` for end-to-end latency.
// Bounded in count and time; prints one JSON line (LoadResult) on stdout and exits.
import { summarize, type LatencySummary } from "../lib/stats";
import { HttpConnection } from "./http-client";

export interface LoadConfig {
  url: string;
  headers?: Record<string, string>;
  /** "msg": Svix message body {eventType, payload}; "raw": the payload itself. */
  wrap: "msg" | "raw";
  padBytes: number;
  mode: "closed" | "open";
  concurrency?: number;
  rate?: number;
  maxInFlight?: number;
  durationMs: number;
  /** Requests sent during the first warmupMs are not counted. */
  warmupMs: number;
  maxRequests: number;
  requestTimeoutMs: number;
}

export interface LoadResult {
  sent: number;
  ok: number;
  measuredOk: number;
  windowMs: number;
  okPerSec: number;
  latency: LatencySummary;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  droppedAtCap: number;
  maxLagMs: number;
  /** The measured window, in the shared clock (performance.timeOrigin + now()). */
  windowFrom: number;
  windowTo: number;
}

const now = () => performance.timeOrigin + performance.now();

export async function runLoad(c: LoadConfig): Promise<LoadResult> {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(c.url)) throw new Error(`loadgen: refusing non-loopback URL ${c.url}`);
  const headers = { "content-type": "application/json", ...(c.headers ?? {}) };
  const u = new URL(c.url);
  const path = u.pathname + u.search;
  // Idle keep-alive connections; a connection serves one request at a time.
  const idle: HttpConnection[] = [];
  const all: HttpConnection[] = [];
  const take = () => idle.pop() ?? (all.push(new HttpConnection(u.hostname, Number(u.port))), all[all.length - 1]);
  const pad = "x".repeat(c.padBytes);
  const makeBody = (t: number, seq: number) => {
    const raw = `{"t":${t},"seq":${seq},"data":"${pad}"}`;
    return c.wrap === "msg" ? `{"eventType":"bench.event","payload":${raw}}` : raw;
  };
  const start = now();
  const measureFrom = start + c.warmupMs;
  const endAt = measureFrom + c.durationMs;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const errors: Record<string, number> = {};
  let sent = 0, ok = 0, measuredOk = 0, inFlight = 0, droppedAtCap = 0, maxLagMs = 0;

  const one = async () => {
    const t = now();
    const seq = ++sent;
    inFlight++;
    const conn = take();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const res = await Promise.race([
        conn.request("POST", path, headers, makeBody(t, seq)),
        new Promise<never>((_, reject) => { timer = setTimeout(() => { conn.close(); reject(Object.assign(new Error("timeout"), { name: "TimeoutError" })); }, c.requestTimeoutMs); }),
      ]);
      idle.push(conn);
      const done = now();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status >= 200 && res.status < 300) {
        ok++;
        // Throughput counts answers inside the window; latency, requests sent inside it.
        if (done >= measureFrom && done <= endAt) measuredOk++;
        if (t >= measureFrom && t < endAt) latencies.push(done - t);
      }
    } catch (e) {
      const k = (e as Error).name === "TimeoutError" ? "timeout" : String((e as Error).message ?? e).slice(0, 80);
      errors[k] = (errors[k] ?? 0) + 1;
    } finally { clearTimeout(timer); inFlight--; }
  };

  if (c.mode === "closed") {
    const worker = async () => { while (now() < endAt && sent < c.maxRequests) await one(); };
    await Promise.all(Array.from({ length: c.concurrency ?? 64 }, worker));
  } else {
    const interval = 1000 / (c.rate ?? 1000);
    const cap = c.maxInFlight ?? 2000;
    const pending = new Set<Promise<void>>();
    let next = start;
    while (now() < endAt && sent < c.maxRequests) {
      const t = now();
      while (next <= t && next < endAt && sent < c.maxRequests) {
        maxLagMs = Math.max(maxLagMs, t - next);
        next += interval;
        if (inFlight >= cap) { droppedAtCap++; continue; }
        const p = one();
        pending.add(p);
        void p.finally(() => pending.delete(p));
      }
      await Bun.sleep(1);
    }
    await Promise.all(pending);
  }
  for (const conn of all) conn.close();
  // A count-bounded run may finish before the time bound: the window ends when it did.
  const windowTo = Math.min(endAt, now());
  const windowMs = Math.max(1, windowTo - measureFrom);
  return {
    sent, ok, measuredOk, windowMs, okPerSec: (measuredOk * 1000) / windowMs,
    latency: summarize(latencies), statuses, errors, droppedAtCap, maxLagMs, windowFrom: measureFrom, windowTo,
  };
}

if (import.meta.main) {
  const config = JSON.parse(process.argv[2] ?? "{}") as LoadConfig;
  const result = await runLoad(config);
  process.stdout.write(JSON.stringify(result) + "\n");
  process.exit(0);
}
