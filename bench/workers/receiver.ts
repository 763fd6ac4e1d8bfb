// Benchmark receiver (its own process): answers every request 200 at once and records, per request,
// the arrival time and the end-to-end latency from the send timestamp `"t":<ms>` embedded in the body.
// The parent drives it over IPC: reset, count, stats for a time window. Clock: timeOrigin + now(),
// which agrees across processes on one machine to a few microseconds.
import { summarize } from "../lib/stats";

const now = () => performance.timeOrigin + performance.now();
const MAX_SAMPLES = 5_000_000; // bound on memory: ~80 MB of doubles at most

let arrivals: number[] = [];
let e2e: number[] = [];
let total = 0;
const paths = new Map<string, number>();
const T_RE = /"t":(\d+(?:\.\d+)?)/;

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  idleTimeout: 120,
  async fetch(req) {
    const body = await req.text();
    const at = now();
    total++;
    if (arrivals.length < MAX_SAMPLES) {
      const m = T_RE.exec(body);
      arrivals.push(at);
      e2e.push(m ? at - Number(m[1]) : NaN);
    }
    const path = req.url.slice(req.url.indexOf("/", 8));
    paths.set(path, (paths.get(path) ?? 0) + 1);
    return new Response("ok");
  },
});

type Cmd = { id: number; cmd: "reset" | "count" | "stats"; from?: number; to?: number };

process.on("message", (m: Cmd) => {
  if (m.cmd === "reset") {
    arrivals = []; e2e = []; total = 0; paths.clear();
    process.send!({ id: m.id, ok: true });
  } else if (m.cmd === "count") {
    process.send!({ id: m.id, total });
  } else if (m.cmd === "stats") {
    const from = m.from ?? -Infinity, to = m.to ?? Infinity;
    const inWindow: number[] = [];
    for (let i = 0; i < arrivals.length; i++) if (arrivals[i] >= from && arrivals[i] < to && Number.isFinite(e2e[i])) inWindow.push(e2e[i]);
    const valid = e2e.filter(Number.isFinite);
    process.send!({
      id: m.id, total, windowCount: inWindow.length,
      window: summarize(inWindow), all: summarize(valid),
      firstAt: arrivals[0] ?? null, lastAt: arrivals[arrivals.length - 1] ?? null,
      paths: paths.size,
    });
  }
});

process.send!({ ready: true, port: server.port });
