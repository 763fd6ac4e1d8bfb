/**
 * @module bench/crash — the kill -9 harness (research T1). A loader process sends events at a
 * steady rate with unique Idempotency-Keys while the real relay process is SIGKILLed at random
 * intervals and restarted; a receiver process records every delivery. The promise checked:
 * every event acknowledged with a 2xx is delivered at least once, byte-intact and validly signed,
 * each key made exactly one message, and `PRAGMA integrity_check` is ok after every kill.
 * Everything runs on 127.0.0.1, bounded in count and time, and stops by itself.
 */
import { Database } from "bun:sqlite";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { judge, type Ack, type Delivery, type KeyRow, type Verdict } from "./verdict";
import { freePort, spawnChild, type Child } from "./proc";

export interface CrashOptions {
  /** How long the loader sends new events, ms. */
  loadMs: number;
  /** Events per second. */
  rate: number;
  /** Kill the relay every U(killMinMs, killMaxMs). */
  killMinMs: number;
  killMaxMs: number;
  /** Upper bound for waiting until every acked event is delivered, after the load ends. */
  drainMs: number;
  /** Command that runs the relay CLI; default `bun src/main.ts`. */
  relayCmd?: string[];
  seed?: number;
  log?: (line: string) => void;
  /** Keep the work dir for inspection. */
  keep?: boolean;
}

export interface CrashReport extends Verdict {
  sent: number;
  restarts: number;
  gaveUp: number;
  integrityFailures: string[];
  /** Relay exits we did not cause (a crash of its own) or a non-zero exit on the final SIGTERM. */
  unexpectedExits: number;
  ok: boolean;
  durationMs: number;
}

const ROOT = resolve(import.meta.dir, "../..");
const RELAY_READY = /server started/;

/** Small seeded PRNG (mulberry32) so a failing schedule can be replayed with --seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const readJsonl = <T>(file: string): T[] =>
  existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).flatMap((l) => { try { return [JSON.parse(l) as T]; } catch { return []; } }) : [];

function integrityCheck(dbFile: string): string {
  const db = new Database(dbFile);
  try {
    const rows = db.query("PRAGMA integrity_check").all() as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join("; ");
  } finally {
    db.close();
  }
}

export async function runCrashTest(opts: CrashOptions): Promise<CrashReport> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const started = Date.now();
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = rng(seed);
  const work = mkdtempSync(join(tmpdir(), "hookrelay-crash-"));
  const dataDir = join(work, "data");
  const deliveriesFile = join(work, "deliveries.jsonl");
  const acksFile = join(work, "acks.jsonl");
  const runId = `run${seed.toString(36)}`;
  const relayCmd = opts.relayCmd ?? ["bun", join(ROOT, "src/main.ts")];
  log(`crash test: seed=${seed} rate=${opts.rate}/s load=${opts.loadMs}ms kill every ${opts.killMinMs}-${opts.killMaxMs}ms work=${work}`);

  const children: Child[] = [];
  const track = (c: Child) => { children.push(c); return c; };
  let relay: Child | null = null;
  let restarts = 0;
  let unexpectedExits = 0;
  const integrityFailures: string[] = [];
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const startRelay = async () => {
    relay = track(spawnChild([...relayCmd, "serve", "--listen", `127.0.0.1:${port}`, "--data-dir", dataDir,
      "--allow-private-destinations", "--request-timeout", "2s", "--retry-schedule", "0s,1s,1s,1s,2s,2s,2s,2s,2s,2s,2s,2s",
      "--sqlite-synchronous", "full", "--log-format", "json"], { cwd: ROOT }));
    await relay.waitForLine(RELAY_READY, 30_000);
  };
  const killRelay = async () => {
    const r = relay!;
    r.proc.kill("SIGKILL");
    await r.proc.exited;
    relay = null;
    const verdict = integrityCheck(join(dataDir, "hookrelay.db"));
    if (verdict !== "ok") integrityFailures.push(`after restart ${restarts + 1}: ${verdict}`);
  };

  try {
    const receiver = track(spawnChild(["bun", join(import.meta.dir, "receiver.ts"), "--out", deliveriesFile]));
    const recvPort = Number(/listening (\d+)/.exec(await receiver.waitForLine(/receiver listening \d+/, 15_000))![1]);

    // token create never creates a database: migrate creates it first, as the server's start would.
    const mig = Bun.spawnSync([...relayCmd, "migrate", "--data-dir", dataDir], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
    if (mig.exitCode !== 0) throw new Error(`migrate failed: ${mig.stderr.toString()}`);
    const tok = Bun.spawnSync([...relayCmd, "token", "create", "--name", "crash", "--data-dir", dataDir], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
    if (tok.exitCode !== 0) throw new Error(`token create failed: ${tok.stderr.toString()}`);
    const token = tok.stdout.toString().trim().split("\n").at(-1)!;

    await startRelay();
    const api = async (path: string, body?: unknown) => {
      const r = await fetch(base + path, { method: body ? "POST" : "GET", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
      if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<Record<string, string>>;
    };
    const app = await api("/api/v1/app/", { name: "crash" });
    const ep = await api(`/api/v1/app/${app.id}/endpoint/`, { url: `http://127.0.0.1:${recvPort}/hook` });
    const { key: secret } = await api(`/api/v1/app/${app.id}/endpoint/${ep.id}/secret/`);
    await fetch(`http://127.0.0.1:${recvPort}/__secret`, { method: "POST", body: secret });

    const loader = track(spawnChild(["bun", join(import.meta.dir, "loader.ts"), "--base", base, "--token", token, "--app", app.id,
      "--run", runId, "--rate", String(opts.rate), "--duration", String(opts.loadMs), "--out", acksFile]));
    let loaderDone = false;
    const loaderExit = loader.proc.exited.then(() => { loaderDone = true; });

    // The killer: only while the loader is still sending new events.
    const loadEnds = Date.now() + opts.loadMs;
    while (!loaderDone) {
      const wait = opts.killMinMs + random() * (opts.killMaxMs - opts.killMinMs);
      if (Date.now() + wait > loadEnds) break;
      await Promise.race([Bun.sleep(wait), loaderExit]);
      if (loaderDone) break;
      if (relay && (relay as Child).proc.exitCode !== null) unexpectedExits++;
      await killRelay();
      restarts++;
      await startRelay();
    }
    await loaderExit;
    const summary = loader.lines.find((l) => l.startsWith("loader done")) ?? "";
    log(summary || `loader exited without a summary:\n${loader.lines.slice(-10).join("\n")}`);
    const num = (k: string) => Number(new RegExp(`${k}=(\\d+)`).exec(summary)?.[1] ?? 0);

    // Drain: until every acked event reached the receiver, or the bound.
    const acks = readJsonl<Ack>(acksFile);
    const ackedIds = new Set(acks.map((a) => a.msgId));
    const drainEnds = Date.now() + opts.drainMs;
    for (;;) {
      const seen = new Set(readJsonl<{ id: string }>(deliveriesFile).map((d) => d.id));
      let missing = 0;
      for (const id of ackedIds) if (!seen.has(id)) missing++;
      if (missing === 0 || Date.now() > drainEnds) break;
      await Bun.sleep(250);
    }

    // Graceful stop, then the final checks on the database itself.
    if (relay) {
      (relay as Child).proc.kill("SIGTERM");
      if ((await (relay as Child).proc.exited) !== 0) unexpectedExits++;
      relay = null;
    }
    const finalCheck = integrityCheck(join(dataDir, "hookrelay.db"));
    if (finalCheck !== "ok") integrityFailures.push(`at the end: ${finalCheck}`);
    const db = new Database(join(dataDir, "hookrelay.db"), { readonly: true });
    const perKey = db.query("SELECT json_extract(CAST(payload AS TEXT), '$.key') AS key, count(*) AS n, min(id) AS id FROM messages GROUP BY key").all() as KeyRow[];
    db.close();
    const v = judge(runId, acks, readJsonl<Delivery>(deliveriesFile), perKey);

    const report: CrashReport = {
      ...v, sent: num("sent"), restarts, gaveUp: num("gave_up"), integrityFailures, unexpectedExits, ok: false, durationMs: Date.now() - started,
    };
    report.ok = report.acked > 0 && v.lost === 0 && v.badSignatures === 0 && v.bodyMismatches === 0 && v.keyViolations === 0 && integrityFailures.length === 0 && unexpectedExits === 0;
    return report;
  } finally {
    for (const c of children) if (c.proc.exitCode === null) { c.proc.kill("SIGKILL"); await c.proc.exited; }
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
  }
}

export function formatReport(r: CrashReport): string {
  return [
    `acked=${r.acked} delivered=${r.delivered} lost=${r.lost} duplicates=${r.duplicates} restarts=${r.restarts}`,
    `sent=${r.sent} gave_up=${r.gaveUp} bad_signatures=${r.badSignatures} body_mismatches=${r.bodyMismatches} key_violations=${r.keyViolations} integrity_failures=${r.integrityFailures.length} unexpected_exits=${r.unexpectedExits} took=${(r.durationMs / 1000).toFixed(1)}s`,
    ...(r.integrityFailures.length ? [`integrity: ${r.integrityFailures.join(" | ")}`] : []),
    ...(r.lostSample.length ? [`lost (sample): ${r.lostSample.join(", ")}`] : []),
    r.ok ? "PASS" : "FAIL",
  ].join("\n");
}
