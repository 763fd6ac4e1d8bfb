// `bun run test:crash [-- --duration 600 --rate 100 --seed N --binary dist/hookrelay --keep]`
// Runs the kill -9 harness (see harness.ts and docs/security.md) and exits 0 only on PASS.
// --duration is the whole budget in seconds: the load phase gets most of it, the drain the rest.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { formatReport, runCrashTest } from "./harness";

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] && !args[i + 1].startsWith("--") ? args[i + 1] : dflt;
};
const has = (name: string) => args.includes(`--${name}`);
if (has("help")) {
  console.log("usage: bun run test:crash [-- --duration SECONDS(60)] [--rate EV_PER_S(50)] [--kill-min MS(2000)] [--kill-max MS(6000)] [--seed N] [--binary PATH] [--keep]");
  process.exit(0);
}

const duration = Number(opt("duration", "60")) * 1000;
// The drain must outlast one delivery lease (request timeout 2 s + 10 s grace) after the last kill.
const drainMs = Math.max(15_000, Math.min(60_000, duration * 0.25));
const binary = opt("binary", "");
if (binary && !existsSync(binary)) { console.error(`--binary ${binary} does not exist (build it with: bun run build)`); process.exit(2); }

const report = await runCrashTest({
  loadMs: Math.max(5_000, duration - drainMs),
  drainMs,
  rate: Number(opt("rate", "50")),
  killMinMs: Number(opt("kill-min", "2000")),
  killMaxMs: Number(opt("kill-max", "6000")),
  seed: has("seed") ? Number(opt("seed", "1")) : undefined,
  relayCmd: binary ? [resolve(binary)] : undefined,
  keep: has("keep"),
});
console.log(formatReport(report));
process.exit(report.ok ? 0 : 1);
