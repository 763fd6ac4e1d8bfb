/**
 * @module bench — `bun run bench`: builds (or reuses) dist/hookrelay and measures it on loopback
 * against this machine's limits (bare HTTP, disk commits, an in-memory forwarder). The relay, the
 * load generator and the receiver are separate processes; all of them are killed at the end.
 * Results: bench/results/<date>-<commit>.json and the results section of docs/benchmarks.md.
 */
import { mkdirSync, rmSync, cpSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseOptions, UsageError, type BenchOptions } from "./lib/options";
import { installCleanup, stopAll, IpcWorker, runWorker } from "./lib/procs";
import { ensureBinary, buildHead, cli, createToken, type RelayHandle } from "./lib/relay";
import { machineInfo, gitCommit } from "./lib/machine";
import { aggregate, evaluateTargets, renderResults, replaceResults, type BenchResult, type RunRecord } from "./lib/report";
import * as P from "./lib/phases";

const ROOT = join(import.meta.dir, "..");
const log = (s: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`);

async function main(): Promise<number> {
  let opts: BenchOptions;
  try { opts = parseOptions(process.argv.slice(2)); }
  catch (e) { if (e instanceof UsageError) { process.stderr.write(e.message + "\n"); return 2; } throw e; }
  installCleanup();
  const started = performance.now();
  const tmp = join(ROOT, "bench", "tmp", `${Date.now()}-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  try {
    const bin = opts.binary ? resolve(opts.binary)
      : opts.fromHead ? await buildHead(ROOT, join(tmp, "head"), log)
      : await ensureBinary(ROOT, { rebuild: opts.rebuild, noBuild: opts.noBuild, log });
    const machine = machineInfo();
    const git = await gitCommit(ROOT);
    const commit = git.commit;
    // A HEAD build has none of the working tree's changes; another binary's origin is unknown to us.
    const dirty = opts.fromHead ? false : git.dirty;
    log(`${machine.nproc} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB; commit ${commit}${dirty ? "+dirty" : ""}; ${opts.runs} run(s)${opts.quick ? ", quick" : ""}`);
    const has = (p: string) => opts.phases.includes(p as never);

    // The growth seed is built once (migrate + bulk insert) and copied for each run.
    let seedTemplate: string | null = null;
    if (has("growth")) {
      seedTemplate = join(tmp, "seed-template");
      await cli(bin, ["migrate", "--data-dir", seedTemplate]);
      log(`seeding ${opts.seed.toLocaleString("en-US")} stored messages…`);
      const s = await runWorker<{ seconds: number }>("seed.ts", { dbPath: join(seedTemplate, "hookrelay.db"), count: opts.seed }, 1_800_000);
      await flushDisk();
      log(`seeded in ${s.seconds.toFixed(1)} s`);
    }

    const runs: RunRecord[] = [];
    for (let i = 1; i <= opts.runs; i++) {
      log(`run ${i} of ${opts.runs}`);
      runs.push(await oneRun(opts, bin, join(tmp, `run-${i}`), seedTemplate, i));
    }
    const medians = aggregate(runs);
    const result: BenchResult = {
      version: 1, date: new Date().toISOString(), commit, dirty, quick: opts.quick, machine,
      options: { ...opts }, runs, medians, targets: evaluateTargets(medians), seconds: (performance.now() - started) / 1000,
    };
    const resultsDir = join(ROOT, "bench", "results");
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `${result.date.slice(0, 10)}-${commit}${dirty ? "-dirty" : ""}${opts.quick ? "-quick" : ""}.json`);
    writeFileSync(file, JSON.stringify(result, null, 2) + "\n");
    log(`wrote ${file}`);
    const history = loadHistory(resultsDir);
    const md = renderResults(result, history);
    if (opts.docs) {
      const docPath = join(ROOT, "docs", "benchmarks.md");
      const doc = existsSync(docPath) ? readFileSync(docPath, "utf8") : "# Benchmarks\n";
      writeFileSync(docPath, replaceResults(doc, md));
      log(`updated ${docPath}`);
    }
    process.stdout.write(md + "\n");
    return 0;
  } finally {
    await stopAll();
    if (!opts.keep) rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  }
}

/**
 * One run: baselines, the relay phases on an empty database, then the growth pairs: each relay phase
 * on a fresh empty database and on the seeded copy, back to back (order alternating by run), so
 * that the comparison is not also a comparison of the host's speed minutes apart.
 */
async function oneRun(opts: BenchOptions, bin: string, dir: string, seedTemplate: string | null, runIndex: number): Promise<RunRecord> {
  mkdirSync(dir, { recursive: true });
  const notes: string[] = [];
  const has = (p: string) => opts.phases.includes(p as never);
  const receiver = await IpcWorker.start("receiver.ts");
  let n = 0;
  const freshDir = async () => {
    const d = join(dir, `data-${++n}`);
    await cli(bin, ["migrate", "--data-dir", d]);
    return { dir: d, token: await createToken(bin, d), release: () => { if (!opts.keep) rmSync(d, { recursive: true, force: true }); } };
  };
  const env: P.PhaseEnv = {
    opts, bin, receiver, log, scratchDir: dir,
    note: (s) => { notes.push(s); log(`note: ${s}`); },
    dataDir: freshDir,
  };
  const figures: P.Figures = {};
  const step = async (name: string, fn: () => Promise<P.Figures>) => {
    log(`  ${name}…`);
    const t0 = performance.now();
    try { Object.assign(figures, P.prefixed(name + ".", await fn())); }
    catch (e) { env.note(`${name}: failed: ${(e as Error).message.slice(0, 300)}`); }
    log(`  ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  const relayPhaseList: [string, (e: P.PhaseEnv, r: RelayHandle) => Promise<P.Figures>][] = [
    ["ingest", (e, r) => P.ingestPhase(e, r)],
    ["single.fixed", (e, r) => P.deliveryPhase(e, r, 1, "fixed", "single-fixed")],
    ["single.sat", (e, r) => P.deliveryPhase(e, r, 1, "sat", "single-sat")],
    ["fanout.fixed", (e, r) => P.deliveryPhase(e, r, opts.fanout, "fixed", "fanout-fixed")],
    ["fanout.sat", (e, r) => P.deliveryPhase(e, r, opts.fanout, "sat", "fanout-sat")],
  ];
  /** One relay phase, under a prefix ("", "growth.empty.", "growth."), with its own relay process. */
  const relayStep = (prefix: string, e: P.PhaseEnv, [name, run]: (typeof relayPhaseList)[number]) =>
    step(prefix + name, () => P.withRelay(e, prefix + name, (r) => run(e, r)));
  /** Each phase on a fresh empty database ("growth.empty.") and on the seeded copy ("growth."), adjacent. */
  const growthPairs = async (seededEnv: P.PhaseEnv) => {
    for (const phase of relayPhaseList) {
      const empty = () => relayStep("growth.empty.", env, phase);
      const seeded = () => relayStep("growth.", seededEnv, phase);
      if (runIndex % 2 === 0) { await empty(); await seeded(); } else { await seeded(); await empty(); }
    }
  };
  try {
    if (has("baselines")) {
      await step("baseline.http", () => P.httpBaseline(env));
      await step("baseline.disk", () => P.diskBaseline(env));
      await step("baseline.forwarder", () => P.forwarderBaseline(env));
    }
    for (const phase of relayPhaseList) {
      if (has(phase[0] === "ingest" ? "ingest" : "delivery")) await relayStep("", env, phase);
    }
    if (has("inbound")) await step("inbound", () => P.withRelay(env, "inbound", (r) => P.inboundPhase(env, r)));
    // A long request timeout keeps the held connections to the stopped receiver from timing out and
    // being retried minutes later; it changes nothing else.
    if (has("backlog")) await step("backlog", () => P.withRelay(env, "backlog", (r) => P.backlogPhase(env, r), ["--request-timeout", "10m"]));
    if (has("growth") && seedTemplate) {
      const seeded = join(dir, "seeded");
      cpSync(seedTemplate, seeded, { recursive: true });
      const token = await createToken(bin, seeded);
      // Write the copied gigabyte back before measuring: otherwise the kernel flushes it during the
      // growth phases and every WAL fdatasync waits behind it, which measures the copy, not the data.
      await flushDisk();
      // All seeded phases share the copy (each adds a few thousand messages to the seed).
      await growthPairs({ ...env, dataDir: async () => ({ dir: seeded, token, release: () => {} }) });
      if (!opts.keep) rmSync(seeded, { recursive: true, force: true });
    }
  } finally { await receiver.stop(); }
  return { figures, notes };
}

async function flushDisk(): Promise<void> {
  const p = Bun.spawn(["sync"], { stdout: "ignore", stderr: "ignore" });
  await Promise.race([p.exited, Bun.sleep(120_000)]);
}

function loadHistory(dir: string): BenchResult[] {
  const out: BenchResult[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".json")).sort()) {
    try {
      const r = JSON.parse(readFileSync(join(dir, f), "utf8")) as BenchResult;
      if (r.version === 1 && !r.quick) out.push(r);
    } catch { /* not a result file */ }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

process.exitCode = await main().catch(async (e) => {
  log(`failed: ${(e as Error).stack ?? e}`);
  await stopAll();
  return 1;
});
