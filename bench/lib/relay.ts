// The relay under test: the compiled binary, on its own data dir, with the default (durable)
// configuration plus --allow-private-destinations (every receiver is on 127.0.0.1).
import { existsSync, statSync, readdirSync, openSync, closeSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { track, stopProcess, freePort, withTimeout } from "./procs";

export interface RelayHandle {
  proc: Subprocess;
  url: string;
  token: string;
  api: ApiClient;
  logPath: string;
  stop(): Promise<void>;
}

/** Newest modification time under the given paths (files the binary is built from). */
function newestMtime(paths: string[]): number {
  let newest = 0;
  const walk = (p: string) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) { for (const e of readdirSync(p)) if (e !== "node_modules") walk(join(p, e)); }
    else newest = Math.max(newest, s.mtimeMs);
  };
  paths.forEach(walk);
  return newest;
}

/** dist/hookrelay, rebuilt with `bun run build` when missing, older than its sources, or `rebuild` is set. */
export async function ensureBinary(root: string, opts: { rebuild: boolean; noBuild: boolean; log: (s: string) => void }): Promise<string> {
  const bin = join(root, "dist", "hookrelay");
  const stale = !existsSync(bin) || statSync(bin).mtimeMs < newestMtime(["src", "views", "drizzle", "package.json"].map((p) => join(root, p)));
  if (opts.noBuild) {
    if (!existsSync(bin)) throw new Error(`${bin} does not exist; run 'bun run build' or drop --no-build`);
    return bin;
  }
  if (!stale && !opts.rebuild) { opts.log(`reusing ${bin} (newer than its sources)`); return bin; }
  opts.log("building dist/hookrelay (bun run build)…");
  const proc = track(Bun.spawn([process.execPath, "run", "build"], { cwd: root, stdout: "pipe", stderr: "pipe" }));
  const [out, err, code] = await withTimeout(Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]), 300_000, "bun run build");
  if (code !== 0) throw new Error(`bun run build failed (${code}): ${(out + err).trim().slice(-1500)}`);
  opts.log(out.trim().split("\n").pop() ?? "built");
  return bin;
}

/**
 * Builds the committed HEAD, not the working tree: `git archive HEAD` into `dir` (node_modules
 * linked), `bun run build` there. Other people's uncommitted work then cannot leak into the figures.
 */
export async function buildHead(root: string, dir: string, log: (s: string) => void): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const archive = track(Bun.spawn(["sh", "-c", `git -C "${root}" archive HEAD | tar -x -C "${dir}"`], { stdout: "ignore", stderr: "pipe" }));
  const [err, code] = await withTimeout(Promise.all([new Response(archive.stderr).text(), archive.exited]), 120_000, "git archive");
  if (code !== 0) throw new Error(`git archive HEAD failed: ${err.trim()}`);
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  log("building the committed HEAD (git archive HEAD, bun run build)…");
  const proc = track(Bun.spawn([process.execPath, "run", "build"], { cwd: dir, stdout: "pipe", stderr: "pipe" }));
  const [out, err2, code2] = await withTimeout(Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]), 300_000, "bun run build");
  if (code2 !== 0) throw new Error(`bun run build of HEAD failed (${code2}): ${(out + err2).trim().slice(-1500)}`);
  return join(dir, "dist", "hookrelay");
}

/** The environment without any HOOKRELAY_* variables, so the relay runs with its defaults. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("HOOKRELAY_")) env[k] = v;
  return env;
}

/** Runs a one-shot CLI command of the binary; returns stdout. */
/** `bin` is the binary's path, or a command prefix such as `bun src/main.ts` (profiling from source). */
export type RelayCommand = string | string[];
const argv = (bin: RelayCommand, args: string[]) => (typeof bin === "string" ? [bin] : bin).concat(args);

export async function cli(bin: RelayCommand, args: string[], timeoutMs = 60_000): Promise<string> {
  const proc = track(Bun.spawn(argv(bin, args), { stdout: "pipe", stderr: "pipe", env: cleanEnv() }));
  const [out, err, code] = await withTimeout(Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]), timeoutMs, `hookrelay ${args[0]}`);
  if (code !== 0) throw new Error(`hookrelay ${args.join(" ")} exited ${code}: ${err.trim().slice(-800)}`);
  return out;
}

export async function createToken(bin: RelayCommand, dataDir: string): Promise<string> {
  const out = await cli(bin, ["token", "create", "--name", "bench", "--data-dir", dataDir]);
  return out.trim().split("\n").pop()!.trim();
}

export async function startRelay(bin: RelayCommand, dataDir: string, token: string, extraFlags: string[] = []): Promise<RelayHandle> {
  const port = freePort();
  const logPath = join(dataDir, "..", `relay-${port}.log`);
  const fd = openSync(logPath, "a");
  const args = ["serve", "--data-dir", dataDir, "--listen", `127.0.0.1:${port}`, "--allow-private-destinations", "--log-level", "warn", ...extraFlags];
  const proc = track(Bun.spawn(argv(bin, args), { stdout: fd, stderr: fd, env: cleanEnv() }));
  closeSync(fd);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`relay exited ${proc.exitCode} at start; see ${logPath}`);
    try { if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })).ok) break; } catch { /* not listening yet */ }
    if (Date.now() > deadline) { await stopProcess(proc); throw new Error(`relay not healthy within 30 s; see ${logPath}`); }
    await Bun.sleep(20);
  }
  return { proc, url, token, api: new ApiClient(url, token), logPath, stop: () => stopProcess(proc, 15_000) };
}

export class ApiError extends Error {
  constructor(public status: number, public body: string, what: string) { super(`${what}: HTTP ${status} ${body.slice(0, 300)}`); }
}

/** The few API calls the benchmark needs: Svix paths and field names. */
export class ApiClient {
  constructor(readonly base: string, readonly token: string) {}

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any; text: string }> {
    const res = await fetch(this.base + path, {
      method, signal: AbortSignal.timeout(15_000),
      headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, json, text };
  }

  private async must(method: string, path: string, body: unknown, what: string): Promise<any> {
    const r = await this.call(method, path, body);
    if (r.status < 200 || r.status >= 300) throw new ApiError(r.status, r.text, what);
    return r.json;
  }

  /** True when the route exists (anything but 404/405 for a harmless GET). */
  async has(path: string): Promise<boolean> {
    const r = await this.call("GET", path);
    return r.status !== 404 && r.status !== 405;
  }

  async ensureEventType(name: string): Promise<void> {
    const r = await this.call("POST", "/api/v1/event-type/", { name, description: "benchmark events" });
    if (r.status >= 500) throw new ApiError(r.status, r.text, "create event type");
  }

  async createApp(name: string): Promise<string> {
    return (await this.must("POST", "/api/v1/app/", { name }, "create app")).id;
  }

  async createEndpoint(appId: string, url: string): Promise<string> {
    return (await this.must("POST", `/api/v1/app/${appId}/endpoint/`, { url, description: "bench receiver" }, "create endpoint")).id;
  }

  async createSource(name: string): Promise<{ id: string; ingestUrl: string }> {
    const j = await this.must("POST", "/ingest/api/v1/source", { name, type: "generic-webhook", config: {} }, "create source");
    return { id: j.id, ingestUrl: j.ingestUrl };
  }

  async createSourceEndpoint(sourceId: string, url: string): Promise<string> {
    return (await this.must("POST", `/ingest/api/v1/source/${sourceId}/endpoint`, { url }, "create source endpoint")).id;
  }
}
