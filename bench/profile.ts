/**
 * `bun bench/profile.ts`: one relay phase against the relay run FROM SOURCE under `bun --cpu-prof`,
 * then the hottest functions by self and inclusive time. For finding why a benchmark figure is
 * what it is; the numbers it prints are not benchmark results (the profiler costs CPU).
 *   --phase ingest|single|fanout|inbound  (default single)   --seconds N (default 5)
 *   --rate N (open loop; default: closed loop)   --concurrency N (64)   --top N (30)   --keep
 *   --flag "--x y" (extra relay flag, repeatable)   --seed N (N stored messages first, as in the growth phases)
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { installCleanup, stopAll, IpcWorker, runWorker } from "./lib/procs";
import { cli, createToken, startRelay } from "./lib/relay";
import { functionCosts, topTable, type CpuProfile } from "./lib/cpuprofile";
import type { LoadConfig, LoadResult } from "./workers/loadgen";

const ROOT = join(import.meta.dir, "..");
const args = process.argv.slice(2);
const opt = (name: string, def: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const phase = opt("--phase", "single");
const seconds = Number(opt("--seconds", "5"));
const rate = args.includes("--rate") ? Number(opt("--rate", "1000")) : null;
const concurrency = Number(opt("--concurrency", "64"));
const top = Number(opt("--top", "30"));
const flags = args.flatMap((a, i) => (a === "--flag" ? args[i + 1].split(" ") : []));
const seed = Number(opt("--seed", "0"));

installCleanup();
const tmp = join(ROOT, "bench", "tmp", `profile-${Date.now()}`);
const profDir = join(tmp, "prof");
mkdirSync(profDir, { recursive: true });
const bin = [process.execPath, "src/main.ts"];
try {
  const receiver = await IpcWorker.start("receiver.ts");
  const dir = join(tmp, "data");
  await cli(bin, ["migrate", "--data-dir", dir]);
  if (seed > 0) {
    await runWorker("seed.ts", { dbPath: join(dir, "hookrelay.db"), count: seed }, 1_800_000);
    await Bun.spawn(["sync"]).exited; // the seed's dirty pages are written back before measuring
  }
  const token = await createToken(bin, dir);
  const relay = await startRelay([process.execPath, "--cpu-prof", `--cpu-prof-dir=${profDir}`, "src/main.ts"], dir, token, flags);
  let config: LoadConfig;
  const base = { padBytes: 200, durationMs: seconds * 1000, warmupMs: 500, maxRequests: 10_000_000, requestTimeoutMs: 10_000, concurrency, rate: rate ?? 1000, maxInFlight: 2000, mode: rate ? "open" : "closed" } as const;
  let fanout = 0;
  if (phase === "inbound") {
    const src = await relay.api.createSource("profile");
    await relay.api.createSourceEndpoint(src.id, `${receiver.url}/in`);
    config = { ...base, url: src.ingestUrl, wrap: "raw" };
    fanout = 1;
  } else {
    fanout = phase === "fanout" ? 10 : phase === "single" ? 1 : 0;
    await relay.api.ensureEventType("bench.event");
    const appId = await relay.api.createApp("profile");
    for (let i = 0; i < fanout; i++) await relay.api.createEndpoint(appId, `${receiver.url}/p/${i}`);
    config = { ...base, url: `${relay.url}/api/v1/app/${appId}/msg/`, wrap: "msg", headers: { authorization: `Bearer ${token}` } };
  }
  const r = await runWorker<LoadResult>("loadgen.ts", config, seconds * 1000 + 60_000);
  const t0 = performance.now();
  while (fanout && performance.now() - t0 < 60_000) {
    const { total } = await receiver.request<{ total: number }>({ cmd: "count" });
    if (total >= r.ok * fanout) break;
    await Bun.sleep(50);
  }
  const s = await receiver.request({ cmd: "stats", from: r.windowFrom, to: r.windowTo });
  console.log(`load: ${Math.round(r.okPerSec)}/s acknowledged, p50 ${r.latency.p50.toFixed(2)} ms, p99 ${r.latency.p99.toFixed(2)} ms; ` +
    `received ${Math.round((s.windowCount * 1000) / r.windowMs)}/s, e2e p50 ${s.window.p50?.toFixed(2)} ms, p99 ${s.window.p99?.toFixed(2)} ms; ` +
    `drained ${((performance.now() - t0) / 1000).toFixed(1)} s after; statuses ${JSON.stringify(r.statuses)} errors ${JSON.stringify(r.errors)}`);
  await relay.stop();
  const file = readdirSync(profDir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no .cpuprofile in ${profDir}`);
  const { totalMs, functions } = functionCosts(JSON.parse(readFileSync(join(profDir, file), "utf8")) as CpuProfile);
  console.log(`\nprofile: ${(totalMs / 1000).toFixed(1)} s sampled (${join(profDir, file)})\n\n-- by self time --\n${topTable(functions, "selfMs", top)}\n\n-- by inclusive time --\n${topTable(functions, "totalMs", top)}`);
} finally {
  await stopAll();
  if (!args.includes("--keep")) rmSync(tmp, { recursive: true, force: true });
}
