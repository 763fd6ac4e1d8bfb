// Child processes of the benchmark: every one is tracked and killed at the end, on error and on
// Ctrl-C. Workers are Bun scripts spawned with Bun.spawn; long-lived ones answer over IPC.
import type { Subprocess } from "bun";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const live = new Set<Subprocess>();
const WORKERS = join(import.meta.dir, "..", "workers");

export function track<T extends Subprocess>(proc: T): T {
  live.add(proc);
  void proc.exited.then(() => live.delete(proc));
  return proc;
}

/** SIGTERM, then SIGKILL once `graceMs` has passed. Resolves when the process is gone. */
export async function stopProcess(proc: Subprocess, graceMs = 5000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill("SIGCONT"); // a stopped process cannot handle SIGTERM
  proc.kill("SIGTERM");
  const killed = await Promise.race([proc.exited.then(() => false), Bun.sleep(graceMs).then(() => true)]);
  if (killed) { proc.kill("SIGKILL"); await proc.exited; }
}

export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((p) => stopProcess(p, 3000)));
}

let installed = false;
/** Kills every tracked child when the benchmark exits, however it exits. */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on("exit", () => { for (const p of live) { try { p.kill("SIGKILL"); } catch { /* gone */ } } });
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => { void stopAll().finally(() => process.exit(130)); });
  }
}

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms); })]);
  } finally { clearTimeout(timer); }
}

/**
 * Runs a worker script to completion and parses the JSON line it prints. `usage.cpuMs` is set to
 * the worker's CPU time (user + system) once it has exited.
 */
export async function runWorker<T>(script: string, config: unknown, timeoutMs: number, usage?: { cpuMs?: number }): Promise<T> {
  const proc = track(Bun.spawn([process.execPath, join(WORKERS, script), JSON.stringify(config)], { stdout: "pipe", stderr: "pipe" }));
  try {
    const [out, err, code] = await withTimeout(Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]), timeoutMs, script);
    if (code !== 0) throw new Error(`${script} exited ${code}: ${err.trim().slice(-800)}`);
    const cpu = proc.resourceUsage()?.cpuTime;
    if (usage && cpu) usage.cpuMs = Number(cpu.total) / 1000;
    return JSON.parse(out.trim().split("\n").pop()!) as T;
  } finally { await stopProcess(proc, 1000); }
}

/** A long-lived worker that reports `{ready, port}` and answers `{id, cmd}` requests over IPC. */
export class IpcWorker {
  proc!: Subprocess;
  port = 0;
  private seq = 0;
  private waiting = new Map<number, (m: any) => void>();
  private readyResolve!: (m: { port: number }) => void;
  private ready = new Promise<{ port: number }>((r) => (this.readyResolve = r));

  static async start(script: string, args: string[] = [], timeoutMs = 10_000): Promise<IpcWorker> {
    const w = new IpcWorker();
    w.proc = track(Bun.spawn([process.execPath, join(WORKERS, script), ...args], {
      stdout: "inherit", stderr: "inherit",
      ipc: (m: any) => {
        if (m?.ready) w.readyResolve(m);
        else if (typeof m?.id === "number") { w.waiting.get(m.id)?.(m); w.waiting.delete(m.id); }
      },
    }));
    const { port } = await withTimeout(w.ready, timeoutMs, `${script} start`);
    w.port = port;
    return w;
  }

  get url() { return `http://127.0.0.1:${this.port}`; }
  get pid() { return this.proc.pid; }

  request<T = any>(cmd: Record<string, unknown>, timeoutMs = 10_000): Promise<T> {
    const id = ++this.seq;
    const p = new Promise<T>((resolve) => this.waiting.set(id, resolve));
    this.proc.send({ id, ...cmd });
    return withTimeout(p, timeoutMs, `ipc ${String(cmd.cmd)}`).finally(() => this.waiting.delete(id));
  }

  stop() { return stopProcess(this.proc, 2000); }
}

/** Peak RSS per phase from /proc/<pid>/status, sampled every `everyMs`, plus the kernel's high-water mark. */
export class RssSampler {
  private timer: ReturnType<typeof setInterval> | null = null;
  private phase: string | null = null;
  readonly peaks: Record<string, number> = {};
  hwmKb = 0;

  constructor(private pid: number, private everyMs = 100) {}

  start(): this {
    this.timer = setInterval(() => this.sample(), this.everyMs);
    return this;
  }
  /** Starts attributing samples to `phase` (null = none). */
  mark(phase: string | null) { this.sample(); this.phase = phase; this.sample(); }
  stop() { this.sample(); if (this.timer) clearInterval(this.timer); this.timer = null; }

  sample(): void {
    const s = readStatus(this.pid);
    if (!s) return;
    this.hwmKb = Math.max(this.hwmKb, s.hwmKb);
    if (this.phase) this.peaks[this.phase] = Math.max(this.peaks[this.phase] ?? 0, s.rssKb);
  }
}

export function readStatus(pid: number): { rssKb: number; hwmKb: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? 0);
    return { rssKb: kb("VmRSS"), hwmKb: kb("VmHWM") };
  } catch { return null; }
}

/**
 * CPU time (user + system) a process has used so far, in ms; null once it is gone. With `mainOnly`,
 * only its main thread's (the thread that runs the relay's JavaScript, the one that saturates first).
 */
export function cpuMs(pid: number, mainOnly = false): number | null {
  try {
    return statCpuMs(readFileSync(mainOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, "utf8"));
  } catch { return null; }
}

/** User + system ms from the text of a `/proc/<pid>/stat` or `/proc/<pid>/task/<tid>/stat` file. */
export function statCpuMs(stat: string): number {
  // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
}

const CLOCK_TICKS = 100; // USER_HZ: 100 on every Linux architecture Bun supports
/** One tick of the clock `/proc/stat` counts in, in ms. */
export const TICK_MS = 1000 / CLOCK_TICKS;

/** A free loopback port (bind to 0, read it, close). */
export function freePort(): number {
  const s = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = s.port;
  s.stop(true);
  return port;
}
