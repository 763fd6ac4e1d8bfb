// Child processes for the crash harness: spawn, collect output lines, wait for a line (no polling).
import type { Subprocess } from "bun";

export interface Child {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  lines: string[];
  waitForLine(re: RegExp, timeoutMs: number): Promise<string>;
}

export function spawnChild(cmd: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; keepLines?: number } = {}): Child {
  const proc = Bun.spawn(cmd, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const keep = opts.keepLines ?? 200;
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const dec = new TextDecoder();
    let buf = "";
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
      buf += dec.decode(chunk, { stream: true });
      let i: number;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        lines.push(line);
        if (lines.length > keep) lines.shift(); // bounded: only the tail matters for diagnostics
        for (const w of [...waiters]) if (w.re.test(line)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(line); }
      }
    }
  };
  void pump(proc.stdout);
  void pump(proc.stderr);
  return {
    proc, lines,
    waitForLine(re, timeoutMs) {
      const seen = lines.find((l) => re.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no line matching ${re} within ${timeoutMs} ms:\n${lines.slice(-20).join("\n")}`)), timeoutMs);
        waiters.push({ re, resolve: (l) => { clearTimeout(t); resolve(l); } });
        void proc.exited.then((c) => { clearTimeout(t); reject(new Error(`process exited with ${c} before ${re}:\n${lines.slice(-20).join("\n")}`)); });
      });
    },
  };
}

export function freePort(): number {
  const s = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
  const p = s.port!;
  s.stop(true);
  return p;
}
