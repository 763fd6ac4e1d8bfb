// The measured phases. Each relay phase starts its own relay process on its own data dir, so its
// peak RSS (VmHWM) belongs to that phase alone. Figures are flat `name → number | null` maps.
import type { BenchOptions } from "./options";
import type { LoadConfig, LoadResult } from "../workers/loadgen";
import { IpcWorker, RssSampler, runWorker, cpuMs } from "./procs";
import { startRelay, ApiError, type RelayHandle, type RelayCommand } from "./relay";

export type Figures = Record<string, number | null>;

export interface PhaseEnv {
  opts: BenchOptions;
  bin: RelayCommand;
  receiver: IpcWorker;
  log: (s: string) => void;
  note: (s: string) => void;
  /** A data dir for one relay phase (fresh, or a copy of the growth seed) and its API token. */
  dataDir(): Promise<{ dir: string; token: string; release(): void }>;
  /** Scratch dir for the disk baseline. */
  scratchDir: string;
}

interface ReceiverStats {
  total: number;
  windowCount: number;
  window: { p50: number; p99: number; count: number };
  all: { p50: number; p99: number; count: number };
}

const now = () => performance.timeOrigin + performance.now();

export function prefixed(prefix: string, f: Figures): Figures {
  return Object.fromEntries(Object.entries(f).map(([k, v]) => [prefix + k, v]));
}

async function load(opts: BenchOptions, c: Partial<LoadConfig> & Pick<LoadConfig, "url" | "wrap" | "mode">): Promise<LoadResult> {
  const config: LoadConfig = {
    padBytes: opts.padBytes, concurrency: opts.concurrency, rate: opts.rate, maxInFlight: 2000,
    durationMs: opts.durationMs, warmupMs: opts.warmupMs, maxRequests: 10_000_000, requestTimeoutMs: 10_000, ...c,
  };
  return runWorker<LoadResult>("loadgen.ts", config, config.warmupMs + config.durationMs + config.requestTimeoutMs + 30_000);
}

/** Polls the receiver until it has `expected` requests or `timeoutMs` passes. */
export async function waitForCount(rcv: IpcWorker, expected: number, timeoutMs: number): Promise<{ count: number; ms: number; reached: boolean }> {
  const t0 = now();
  for (;;) {
    const { total } = await rcv.request<{ total: number }>({ cmd: "count" });
    if (total >= expected) return { count: total, ms: now() - t0, reached: true };
    if (now() - t0 > timeoutMs) return { count: total, ms: now() - t0, reached: false };
    await Bun.sleep(25);
  }
}

function loadProblems(r: LoadResult): string {
  const bad = Object.entries(r.statuses).filter(([s]) => !s.startsWith("2")).map(([s, n]) => `${n}× HTTP ${s}`);
  const errs = Object.entries(r.errors).map(([e, n]) => `${n}× ${e}`);
  return [...bad, ...errs].join(", ");
}

/** Runs `fn` against a fresh relay; adds `rssMb` (the relay's VmHWM over the phase). */
export async function withRelay(env: PhaseEnv, name: string, fn: (relay: RelayHandle) => Promise<Figures>, flags: string[] = []): Promise<Figures> {
  const { dir, token, release } = await env.dataDir();
  const relay = await startRelay(env.bin, dir, token, [...flags, ...env.opts.relayFlags]);
  const rss = new RssSampler(relay.proc.pid).start();
  rss.mark(name);
  try {
    const cpu0 = cpuMs(relay.proc.pid);
    const main0 = cpuMs(relay.proc.pid, true);
    const { events, ...f } = await fn(relay);
    const cpu1 = cpuMs(relay.proc.pid);
    const main1 = cpuMs(relay.proc.pid, true);
    rss.stop();
    // CPU per event is the figure least disturbed by other load on the machine.
    const cpuUsPerEvent = cpu0 !== null && cpu1 !== null && events ? ((cpu1 - cpu0) * 1000) / events : null;
    // The main thread's share is what caps throughput: every other thread (SQLite's WAL sync, the
    // delivery sender, Bun's HTTP client) can use the second core.
    const mainCpuUsPerEvent = main0 !== null && main1 !== null && events ? ((main1 - main0) * 1000) / events : null;
    return { ...f, cpuUsPerEvent, mainCpuUsPerEvent, rssMb: rss.hwmKb ? rss.hwmKb / 1024 : null };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) {
      env.note(`${name}: skipped, the relay has no such route yet (${e.message.slice(0, 120)})`);
      return {};
    }
    throw e;
  } finally {
    rss.stop();
    await relay.stop();
    release();
  }
}

async function setupApp(relay: RelayHandle, endpoints: number, receiverUrl: string, tag: string): Promise<string> {
  await relay.api.ensureEventType("bench.event");
  const appId = await relay.api.createApp(`bench ${tag}`);
  for (let i = 0; i < endpoints; i++) await relay.api.createEndpoint(appId, `${receiverUrl}/d/${tag}/${i}`);
  return appId;
}

const auth = (relay: RelayHandle) => ({ authorization: `Bearer ${relay.token}` });

/** 1. Ingest: acknowledged events/s at fixed concurrency, into an app without endpoints (API + durable commit only). */
export async function ingestPhase(env: PhaseEnv, relay: RelayHandle): Promise<Figures> {
  const appId = await setupApp(relay, 0, env.receiver.url, "ingest");
  const r = await load(env.opts, { url: `${relay.url}/api/v1/app/${appId}/msg/`, headers: auth(relay), wrap: "msg", mode: "closed" });
  if (loadProblems(r)) env.note(`ingest: ${loadProblems(r)}`);
  return { perSec: r.ok ? r.okPerSec : null, p50Ms: r.latency.p50, p99Ms: r.latency.p99, events: r.ok };
}

/** 2. Delivery to `endpoints` endpoints, at the fixed rate or at saturation; waits for the queue to drain. */
export async function deliveryPhase(env: PhaseEnv, relay: RelayHandle, endpoints: number, mode: "fixed" | "sat", tag: string): Promise<Figures> {
  const appId = await setupApp(relay, endpoints, env.receiver.url, tag);
  await env.receiver.request({ cmd: "reset" });
  const r = await load(env.opts, { url: `${relay.url}/api/v1/app/${appId}/msg/`, headers: auth(relay), wrap: "msg", mode: mode === "fixed" ? "open" : "closed" });
  if (loadProblems(r)) env.note(`${tag}: ${loadProblems(r)}`);
  const expected = r.ok * endpoints;
  const drain = await waitForCount(env.receiver, expected, env.opts.drainTimeoutMs);
  if (!drain.reached) env.note(`${tag}: only ${drain.count} of ${expected} deliveries arrived within ${env.opts.drainTimeoutMs / 1000} s of the load ending`);
  const s = await env.receiver.request<ReceiverStats>({ cmd: "stats", from: r.windowFrom, to: r.windowTo });
  return {
    perSec: (s.windowCount * 1000) / r.windowMs,
    e2eP50Ms: s.window.p50, e2eP99Ms: s.window.p99,
    ingestPerSec: r.okPerSec, ingestP50Ms: r.latency.p50, ingestP99Ms: r.latency.p99,
    drainAfterLoadMs: drain.reached ? drain.ms : null,
    events: drain.count,
  };
}

/** 3. Inbound: requests/s accepted at an ingest URL and forwarded to one source endpoint. */
export async function inboundPhase(env: PhaseEnv, relay: RelayHandle): Promise<Figures> {
  if (!(await relay.api.has("/ingest/api/v1/source"))) { env.note("inbound: skipped, the relay has no /ingest/api/v1/source yet"); return {}; }
  const src = await relay.api.createSource("bench");
  await relay.api.createSourceEndpoint(src.id, `${env.receiver.url}/in/bench`);
  if (!src.ingestUrl?.startsWith("http://127.0.0.1:")) throw new Error(`inbound: ingest URL ${src.ingestUrl} is not loopback`);
  await env.receiver.request({ cmd: "reset" });
  const r = await load(env.opts, { url: src.ingestUrl, wrap: "raw", mode: "closed" });
  if (loadProblems(r)) env.note(`inbound: ${loadProblems(r)}`);
  const drain = await waitForCount(env.receiver, r.ok, env.opts.drainTimeoutMs);
  if (!drain.reached) env.note(`inbound: only ${drain.count} of ${r.ok} forwards arrived within ${env.opts.drainTimeoutMs / 1000} s`);
  const s = await env.receiver.request<ReceiverStats>({ cmd: "stats", from: r.windowFrom, to: r.windowTo });
  return {
    acceptedPerSec: r.ok ? r.okPerSec : null, p50Ms: r.latency.p50, p99Ms: r.latency.p99,
    forwardedPerSec: (s.windowCount * 1000) / r.windowMs, e2eP50Ms: s.window.p50, e2eP99Ms: s.window.p99,
    events: drain.count,
  };
}

/**
 * 4. Backlog: the receiver is down (SIGSTOP: it holds its connections and answers nothing), N messages
 * queue up, the receiver comes back (SIGCONT); the figure is the time until all N have arrived.
 */
export async function backlogPhase(env: PhaseEnv, relay: RelayHandle): Promise<Figures> {
  const rcv = await IpcWorker.start("receiver.ts");
  try {
    const appId = await setupApp(relay, 1, rcv.url, "backlog");
    const n = env.opts.backlog;
    rcv.proc.kill("SIGSTOP");
    const r = await load(env.opts, {
      url: `${relay.url}/api/v1/app/${appId}/msg/`, headers: auth(relay), wrap: "msg", mode: "closed",
      maxRequests: n, warmupMs: 0, durationMs: Math.min(900_000, Math.max(60_000, n * 2)),
    });
    if (r.ok < n) env.note(`backlog: queued ${r.ok} of ${n} (${loadProblems(r)})`);
    rcv.proc.kill("SIGCONT");
    const drain = await waitForCount(rcv, r.ok, Math.max(env.opts.drainTimeoutMs, 600_000));
    if (!drain.reached) env.note(`backlog: only ${drain.count} of ${r.ok} arrived within ${Math.round(drain.ms / 1000)} s`);
    return {
      count: r.ok, queuedPerSec: r.okPerSec,
      drainSeconds: drain.reached ? drain.ms / 1000 : null,
      perSec: drain.reached ? (r.ok * 1000) / drain.ms : null,
      events: drain.count,
    };
  } finally { await rcv.stop(); }
}

/** 7a. HTTP limit: the same load generator against the bare Bun.serve receiver. */
export async function httpBaseline(env: PhaseEnv): Promise<Figures> {
  const r = await load(env.opts, { url: `${env.receiver.url}/baseline`, wrap: "raw", mode: "closed" });
  return { reqPerSec: r.okPerSec, p50Ms: r.latency.p50, p99Ms: r.latency.p99 };
}

/** 7b. Disk limit: raw bun:sqlite commits/s with the relay's pragmas. */
export async function diskBaseline(env: PhaseEnv): Promise<Figures> {
  const ms = Math.min(3000, env.opts.durationMs / 2);
  const r = await runWorker<{ commitsPerSec: number; batchedRowsPerSec: number }>("sqlite-commits.ts", { dir: env.scratchDir, durationMs: ms, synchronous: "full" }, ms * 2 + 30_000);
  return { commitsPerSec: r.commitsPerSec, batchedRowsPerSec: r.batchedRowsPerSec };
}

/** 7c. In-memory forwarder: receive → forward → answer, no persistence; deliveries/s and end-to-end latency. */
export async function forwarderBaseline(env: PhaseEnv): Promise<Figures> {
  const fwd = await IpcWorker.start("forwarder.ts", [`${env.receiver.url}/fwd`]);
  try {
    await env.receiver.request({ cmd: "reset" });
    const cpu0 = cpuMs(fwd.pid);
    const r = await load(env.opts, { url: `${fwd.url}/`, wrap: "raw", mode: "closed" });
    const cpu1 = cpuMs(fwd.pid);
    const s = await env.receiver.request<ReceiverStats>({ cmd: "stats", from: r.windowFrom, to: r.windowTo });
    return {
      perSec: (s.windowCount * 1000) / r.windowMs, e2eP50Ms: s.window.p50, e2eP99Ms: s.window.p99,
      cpuUsPerEvent: cpu0 !== null && cpu1 !== null && s.total ? ((cpu1 - cpu0) * 1000) / s.total : null,
    };
  } finally { await fwd.stop(); }
}
