// Spawns a real hookrelay process and waits for a line on its stderr instead of polling or sleeping.
import type { Subprocess } from "bun";

export interface Spawned {
  proc: Subprocess<"ignore" | "pipe", "pipe", "pipe">;
  lines: string[];
  /** The first line matching `re` from line number `from` on (0: any line so far, or the next one). */
  waitForLine(re: RegExp, timeoutMs?: number, from?: number): Promise<string>;
}

export function spawnWatched(cmd: string[], opts: { cwd?: string; env?: Record<string, string | undefined> } = {}): Spawned {
  const proc = Bun.spawn(cmd, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const dec = new TextDecoder();
    let buf = "";
    const reader = stream.getReader();
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) break;
      buf += dec.decode(chunk, { stream: true });
      let i: number;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        lines.push(line);
        for (const w of [...waiters]) if (w.re.test(line)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(line); }
      }
    }
  };
  void pump(proc.stderr);
  void pump(proc.stdout);
  return {
    proc, lines,
    waitForLine(re, timeoutMs = 15_000, from = 0) {
      const seen = lines.slice(from).find((l) => re.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no line matching ${re} within ${timeoutMs} ms; got:\n${lines.join("\n")}`)), timeoutMs);
        waiters.push({ re, resolve: (l) => { clearTimeout(t); resolve(l); } });
        void proc.exited.then((c) => { clearTimeout(t); reject(new Error(`process exited with ${c} before ${re}:\n${lines.join("\n")}`)); });
      });
    },
  };
}

/** A loopback port free right now, for a process that will listen on it. */
export function freePort(): number {
  const s = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const p = s.port!;
  s.stop(true);
  return p;
}
