// `hookrelay listen`: forwards a server's captured requests to a local URL, byte-exact, and reports each
// local answer back so it shows in the attempt log. For development machines without a public URL.
import { hostname, userInfo } from "node:os";
import type { Command } from "./args";
import { UsageError } from "./args";
import { parseDuration } from "../config/parse-value";
import { ListenApi } from "../inbound/listen/api-client";
import { runSession } from "../inbound/listen/session";

function defaultName(): string {
  let user = "user";
  try { user = userInfo().username; } catch { /* no passwd entry in some containers */ }
  return `${user}.${hostname()}`.replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 64);
}

function durationFlag(v: unknown, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  const ms = parseDuration(String(v));
  if (ms === null || ms <= 0) throw new UsageError(`--${name} must be a duration such as 30s or 500ms`);
  return ms;
}

export const listenCommand: Command = {
  name: "listen",
  summary: "Forward a source's requests to a local URL, byte-exact, resuming where it left off. For machines without a public URL.",
  usage: "hookrelay listen --server URL --token TOKEN SOURCE... --forward URL [--name NAME]",
  flags: [
    { name: "server", type: "string", help: "The hookrelay server (default $HOOKRELAY_SERVER or http://127.0.0.1:8080)" },
    { name: "token", type: "string", help: "An API token (default $HOOKRELAY_TOKEN)" },
    { name: "forward", type: "string", short: "f", help: "Local URL to send each request to; its sub-path and query are appended" },
    { name: "name", type: "string", help: "Listener name; the server keeps its cursor (default user.hostname)" },
    { name: "timeout", type: "string", help: "How long to wait for the local server to answer (default 30s)" },
    { name: "max-backoff", type: "string", help: "Longest wait between reconnect attempts (default 10s)" },
  ],
  args: { min: 1, max: 20 },
  examples: [
    "hookrelay listen --server https://hooks.example.com --token $TOKEN stripe-dev --forward http://127.0.0.1:3000/webhooks/stripe",
    "HOOKRELAY_TOKEN=$TOKEN hookrelay listen src_2Yx... github --forward http://localhost:8000/hook --name laptop",
  ],
  async run(input) {
    const server = String(input.flags.server ?? input.env.HOOKRELAY_SERVER ?? "http://127.0.0.1:8080").replace(/\/+$/, "");
    const token = (input.flags.token as string | undefined) ?? input.env.HOOKRELAY_TOKEN;
    const forwardUrl = input.flags.forward as string | undefined;
    if (!token) throw new UsageError("listen needs an API token: --token TOKEN or HOOKRELAY_TOKEN (create one with 'hookrelay token create')");
    if (!forwardUrl) throw new UsageError("listen needs --forward URL, e.g. --forward http://127.0.0.1:3000/webhooks");
    for (const [flag, u] of [["server", server], ["forward", forwardUrl]] as const) {
      let ok = false;
      try { ok = ["http:", "https:"].includes(new URL(u).protocol); } catch { ok = false; }
      if (!ok) throw new UsageError(`--${flag} must be an http(s) URL, got "${u}"`);
    }
    const name = String(input.flags.name ?? defaultName());
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) throw new UsageError("--name may contain only letters, digits, '.', '_' and '-' (at most 64)");
    const timeoutMs = durationFlag(input.flags.timeout, "timeout", 30_000);
    const maxBackoffMs = durationFlag(input.flags["max-backoff"], "max-backoff", 10_000);

    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    const api = new ListenApi(server, token);
    try {
      // One session per source; the first that cannot continue (bad token, unknown source) stops all.
      await Promise.all(input.args.map((source) => runSession({
        api, server, source, name, forwardUrl, timeoutMs, maxBackoffMs, signal: stop.signal,
        out: input.stdout, err: input.stderr,
      }).catch((e) => { stop.abort(); throw e; })));
      return 0;
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  },
};
