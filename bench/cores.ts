/**
 * `bun bench/cores.ts`: where the machine's CPU goes, and what that leaves the relay at half the
 * in-memory forwarder's rate (the ratio target in docs/benchmarks.md). It alternates the forwarder
 * baseline and the relay's delivery phase at saturation (closed loop, one endpoint by default),
 * `--rounds` times each, and splits the CPU that `/proc/stat` counts for the whole machine into:
 * the relay by thread, the receiver, and the load generator; what is left is everything else on
 * the machine; `/proc/stat` and the processes' own counters round differently, so it can come out a
 * few µs below zero. These are measurements, not benchmark results: `bun run bench` stays the record.
 *   --bin PATH (default dist/hookrelay; `bun run build` first)   --seconds N (8)   --rounds N (3)
 *   --endpoints N (1)   --concurrency N (64)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { installCleanup, stopAll, IpcWorker, runWorker, cpuMs, statCpuMs, TICK_MS } from "./lib/procs";
import { waitForCount } from "./lib/phases";
import { cli, createToken, startRelay } from "./lib/relay";
import type { LoadConfig, LoadResult } from "./workers/loadgen";

const ROOT = join(import.meta.dir, "..");
const args = process.argv.slice(2);
const opt = (name: string, def: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const bin = opt("--bin", join(ROOT, "dist", "hookrelay"));
const seconds = Number(opt("--seconds", "8"));
const rounds = Number(opt("--rounds", "3"));
const endpoints = Number(opt("--endpoints", "1"));
const concurrency = Number(opt("--concurrency", "64"));
if (!existsSync(bin)) throw new Error(`${bin} does not exist: run \`bun run build\` first, or pass --bin`);
if (!(seconds > 0 && seconds <= 60 && rounds >= 1 && rounds <= 10 && endpoints >= 1 && endpoints <= 50)) throw new Error("--seconds 1–60, --rounds 1–10, --endpoints 1–50");

/** Busy and total jiffies of the whole machine (the first line of /proc/stat; steal counts as busy). */
function machine(): { busy: number; all: number } {
  // user nice system idle iowait irq softirq steal [guest guest_nice, already inside user and nice]
  const [user, nice, system, idle, iowait, irq, softirq, steal = 0] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, all: busy + idle + iowait };
}

/** CPU ms per thread of `pid`, by thread name with digits folded ("Bun Pool 3" → "Bun Pool #"); the main thread is "main". */
function threads(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const f = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name = Number(tid) === pid ? "main" : f.slice(f.indexOf("(") + 1, f.lastIndexOf(")")).replace(/\d+/g, "#");
      out.set(name, (out.get(name) ?? 0) + statCpuMs(f));
    } catch { /* the thread ended */ }
  }
  return out;
}

/** The main thread's time on a CPU and waiting in the run queue, in ms (/proc/<pid>/schedstat: ns). */
function sched(pid: number): { run: number; wait: number } {
  const [run, wait] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8").trim().split(" ").map(Number);
  return { run: run / 1e6, wait: wait / 1e6 };
}

interface Split {
  rate: number;
  busyPct: number;
  /** µs of CPU per request or delivery. */
  machine: number; server: number; receiver: number; loadgen: number;
  byThread?: Map<string, number>;
  mainRunPct?: number; mainWaitPct?: number;
}

const load = (url: string, wrap: LoadConfig["wrap"], headers?: Record<string, string>): LoadConfig => ({
  url, wrap, headers, mode: "closed", concurrency, padBytes: 200, durationMs: seconds * 1000, warmupMs: 500,
  maxRequests: 10_000_000, requestTimeoutMs: 10_000, rate: 1000, maxInFlight: 2000,
});

/**
 * One measured loop against `server`. Every counter is read before the load starts and again when
 * the load generator has exited, and divided by the requests it got answered: all of them were
 * forwarded (the forwarder answers after forwarding) or, for the relay, will be, and the relay's
 * drain after the load is waited for before its counters are read.
 */
async function measure(serverPid: number, receiver: IpcWorker, cfg: LoadConfig, delivered: (answered: number) => Promise<void>, withThreads: boolean): Promise<Split> {
  await receiver.request({ cmd: "reset" });
  const m0 = machine(), s0 = cpuMs(serverPid)!, r0 = cpuMs(receiver.pid)!, t0 = withThreads ? threads(serverPid) : null, q0 = withThreads ? sched(serverPid) : null;
  const wall0 = performance.now();
  const usage: { cpuMs?: number } = {};
  const res = await runWorker<LoadResult>("loadgen.ts", cfg, seconds * 1000 + 60_000, usage);
  const m1 = machine(), wall1 = performance.now(), q1 = withThreads ? sched(serverPid) : null;
  await delivered(res.ok);
  const s1 = cpuMs(serverPid)!, r1 = cpuMs(receiver.pid)!, t1 = withThreads ? threads(serverPid) : null;
  const n = Math.max(1, res.ok);
  const per = (ms: number) => (ms * 1000) / n;
  const busyMs = (m1.busy - m0.busy) * TICK_MS;
  const split: Split = {
    rate: res.okPerSec, busyPct: (100 * (m1.busy - m0.busy)) / Math.max(1, m1.all - m0.all),
    machine: per(busyMs), server: per(s1 - s0), receiver: per(r1 - r0), loadgen: per(usage.cpuMs ?? NaN),
  };
  if (t0 && t1 && q0 && q1) {
    split.byThread = new Map([...t1].map(([k, v]) => [k, per(v - (t0.get(k) ?? 0))] as const).filter(([, v]) => v >= 0.5).sort((a, b) => b[1] - a[1]));
    split.mainRunPct = (100 * (q1.run - q0.run)) / (wall1 - wall0);
    split.mainWaitPct = (100 * (q1.wait - q0.wait)) / (wall1 - wall0);
  }
  return split;
}

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–");
const rate = (x: number) => `${Math.round(x).toLocaleString("en-US")}/s`;
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const lo = (xs: number[]) => Math.min(...xs), hi = (xs: number[]) => Math.max(...xs);

installCleanup();
const tmp = join(ROOT, "bench", "tmp", `cores-${Date.now()}`);
mkdirSync(tmp, { recursive: true });
const fwdRuns: Split[] = [], relayRuns: Split[] = [];
try {
  const receiver = await IpcWorker.start("receiver.ts");
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? ["relay", "forwarder"] : ["forwarder", "relay"];
    for (const which of order) {
      if (which === "forwarder") {
        const fwd = await IpcWorker.start("forwarder.ts", [`${receiver.url}/fwd`]);
        try {
          const s = await measure(fwd.pid, receiver, load(`${fwd.url}/`, "raw"), async () => {}, false);
          fwdRuns.push(s);
          console.log(`forwarder ${rate(s.rate)}; machine ${f1(s.busyPct)} % busy; per request: forwarder ${f1(s.server)} µs, receiver ${f1(s.receiver)} µs, load generator ${f1(s.loadgen)} µs, everything else ${f1(s.machine - s.server - s.receiver - s.loadgen)} µs`);
        } finally { await fwd.stop(); }
      } else {
        const dir = join(tmp, `relay-${round}`);
        await cli(bin, ["migrate", "--data-dir", dir]);
        const token = await createToken(bin, dir);
        const relay = await startRelay(bin, dir, token);
        try {
          await relay.api.ensureEventType("bench.event");
          const appId = await relay.api.createApp("cores");
          for (let i = 0; i < endpoints; i++) await relay.api.createEndpoint(appId, `${receiver.url}/p/${i}`);
          const drained = async (answered: number) => {
            if (!(await waitForCount(receiver, answered * endpoints, 60_000)).reached) console.log(`  (not every delivery arrived within 60 s of the load ending)`);
          };
          const s = await measure(relay.proc.pid, receiver, load(`${relay.url}/api/v1/app/${appId}/msg/`, "msg", { authorization: `Bearer ${token}` }), drained, true);
          // Per delivery rather than per message, as the benchmark's delivery figures are.
          for (const k of ["machine", "server", "receiver", "loadgen"] as const) s[k] /= endpoints;
          for (const [k, v] of s.byThread ?? []) s.byThread!.set(k, v / endpoints);
          s.rate *= endpoints;
          relayRuns.push(s);
          const thr = [...(s.byThread ?? [])].map(([k, v]) => `${k} ${f1(v)}`).join(", ");
          console.log(`relay     ${rate(s.rate)} delivered; machine ${f1(s.busyPct)} % busy; per delivery: relay ${f1(s.server)} µs (${thr}), receiver ${f1(s.receiver)} µs, load generator ${f1(s.loadgen)} µs, everything else ${f1(s.machine - s.server - s.receiver - s.loadgen)} µs; main thread on a CPU ${f1(s.mainRunPct!)} % of the wall time, waiting for one ${f1(s.mainWaitPct!)} %`);
        } finally { await relay.stop(); }
      }
    }
  }
  // What half the forwarder's rate leaves the relay: the machine at most as busy as in the forwarder
  // runs, the load generator and receiver at what they cost per request in the relay runs.
  const half = median(fwdRuns.map((s) => s.rate)) / 2;
  const cores = (median(fwdRuns.map((s) => s.busyPct)) / 100) * navigator.hardwareConcurrency;
  const harness = relayRuns.map((s) => s.machine - s.server);
  const total = (h: number) => (cores * 1e6 - half * h) / half;
  const mainAt = (pct: number) => (pct / 100) * 1e6 / half;
  console.log(`\nHalf the forwarder's median rate: ${rate(half)}. At that rate, with the machine as busy as in the forwarder runs (${f1(cores)} of ${navigator.hardwareConcurrency} cores) and everything besides the relay costing what it did in the relay runs (${f1(lo(harness))}–${f1(hi(harness))} µs per delivery):`);
  console.log(`  the relay may use at most ${f1(total(hi(harness)))}–${f1(total(lo(harness)))} µs of CPU per delivery in all (it used ${f1(lo(relayRuns.map((s) => s.server)))}–${f1(hi(relayRuns.map((s) => s.server)))} µs);`);
  const mains = relayRuns.map((s) => s.byThread?.get("main") ?? NaN);
  const runPct = median(relayRuns.map((s) => s.mainRunPct!)), allPct = median(relayRuns.map((s) => s.mainRunPct! + s.mainWaitPct!));
  console.log(`  its main thread at most ${f1(mainAt(runPct))}–${f1(mainAt(allPct))} µs, on a CPU ${f1(runPct)} % of the time as measured or ${f1(allPct)} % with no wait for a core (it used ${f1(lo(mains))}–${f1(hi(mains))} µs).`);
} finally {
  await stopAll();
  rmSync(tmp, { recursive: true, force: true });
}
