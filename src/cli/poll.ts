// `hookrelay poll`: reads an application's messages from a polling endpoint of a running server, the
// way a consumer without a webhook receiver would (a laptop, a cron job). The token may be the
// polling endpoint's own consumer key (hrp_…), which opens nothing else.
import type { Command, CommandInput } from "./args";
import { UsageError } from "./args";
import { CLIENT_FLAGS, EXIT, EXIT_CODES_HELP, isoSeconds, runClient, type Client } from "./client";
import { parseDuration } from "../config/parse-value";

const enc = encodeURIComponent;
/** Messages asked for per request: the server's page limit. */
const PAGE = 250;

interface PollAnswer { data: { id: string; eventType: string; timestamp: string; payload: unknown }[]; iterator: string; done: boolean }

function durationOf(raw: unknown, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const ms = parseDuration(String(raw));
  if (ms === null || ms < 100 || ms > 3_600_000) throw new UsageError(`--${name} must be a duration from 100ms to 1h, e.g. 2s, got ${String(raw)}`);
  return ms;
}

function targets(input: CommandInput): { app: string; poller: string } {
  const app = (input.flags.app as string | undefined) ?? input.args[0];
  const poller = (input.flags.poller as string | undefined) ?? input.args[input.flags.app === undefined ? 1 : 0];
  const used = (input.flags.app === undefined ? 1 : 0) + (input.flags.poller === undefined ? 1 : 0);
  if (!app || !poller || input.args.length !== used) throw new UsageError(`usage: ${pollCommand.usage}`);
  return { app, poller };
}

/** Resolves after `ms`, or at once when the signal fires. */
const pause = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  if (signal.aborted) return resolve();
  const t = setTimeout(() => { signal.removeEventListener("abort", done); resolve(); }, ms);
  const done = () => { clearTimeout(t); resolve(); };
  signal.addEventListener("abort", done, { once: true });
});

export const pollCommand: Command = {
  name: "poll",
  summary: `Read an application's messages from a polling endpoint of a running server, oldest first. ${EXIT_CODES_HELP}`,
  usage: "hookrelay poll APP POLLER | --app APP --poller POLLER [--consumer NAME] [--iterator IT | --after TIME] [--follow [--interval 2s]] [--limit N] [--json]",
  flags: [
    { name: "app", type: "string", help: "Application id or uid" },
    { name: "poller", type: "string", help: "Polling endpoint id or uid" },
    { name: "consumer", type: "string", help: "Read as this named consumer: the server remembers where it stopped" },
    { name: "iterator", type: "string", help: "Start after this iterator (printed on stderr at the end of a read)" },
    { name: "after", type: "string", help: "Start at the messages created after this RFC 3339 time (without --consumer)" },
    { name: "follow", type: "bool", help: "Keep reading until interrupted (Ctrl-C)" },
    { name: "interval", type: "string", help: "With --follow: the pause once caught up (default 2s)" },
    { name: "limit", type: "string", help: "Most messages to print without --follow (default 1000)" },
    ...CLIENT_FLAGS,
  ],
  args: { min: 0, max: 2 },
  examples: [
    "hookrelay poll acme nightly-export --json > messages.jsonl",
    "HOOKRELAY_TOKEN=hrp_... hookrelay poll acme nightly-export --consumer laptop --follow",
  ],
  run: (input) => runClient(input, async (client) => {
    const { app, poller } = targets(input);
    const consumer = input.flags.consumer as string | undefined;
    const after = input.flags.after as string | undefined;
    let iterator = (input.flags.iterator as string | undefined) ?? null;
    if (after !== undefined && (iterator !== null || consumer !== undefined)) throw new UsageError("--after starts a fresh read: give it without --iterator and --consumer (move a consumer with the API's seek)");
    if (after !== undefined && !Number.isFinite(Date.parse(after))) throw new UsageError(`--after must be an RFC 3339 time such as 2026-11-01T00:00:00Z, got ${after}`);
    const follow = input.flags.follow === true;
    const interval = durationOf(input.flags.interval, "interval", 2_000);
    const limitRaw = (input.flags.limit as string | undefined) ?? "1000";
    const limit = Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1_000_000) throw new UsageError(`--limit must be an integer from 1 to 1000000, got ${limitRaw}`);

    const stop = new AbortController();
    const onSignal = () => stop.abort();
    input.signal?.addEventListener("abort", onSignal, { once: true });
    if (follow) { process.on("SIGINT", onSignal); process.on("SIGTERM", onSignal); }
    let printed = 0;
    try {
      while (!stop.signal.aborted) {
        const want = follow ? PAGE : Math.min(PAGE, limit - printed);
        const page = await read(client, app, poller, consumer, iterator, iterator === null ? after : undefined, want);
        for (const m of page.data) {
          input.stdout(input.flags.json ? JSON.stringify(m) : `${isoSeconds(m.timestamp)}  ${m.eventType}  ${m.id}  ${JSON.stringify(m.payload ?? null)}`);
        }
        printed += page.data.length;
        iterator = page.iterator;
        if (!follow && (page.done || printed >= limit)) break;
        if (page.done) await pause(interval, stop.signal);
      }
    } finally {
      if (follow) { process.off("SIGINT", onSignal); process.off("SIGTERM", onSignal); }
    }
    // The place to resume from; a named consumer's place is kept by the server.
    if (!consumer && iterator) input.stderr(`next: --iterator ${iterator}`);
    return EXIT.ok;
  }),
};

function read(client: Client, app: string, poller: string, consumer: string | undefined, iterator: string | null, after: string | undefined, limit: number): Promise<PollAnswer> {
  const q = new URLSearchParams({ limit: String(limit) });
  if (iterator) q.set("iterator", iterator);
  if (after) q.set("after", after);
  const base = `/app/${enc(app)}/poller/${enc(poller)}`;
  return client.call("GET", `${consumer ? `${base}/consumer/${enc(consumer)}` : base}?${q}`);
}
