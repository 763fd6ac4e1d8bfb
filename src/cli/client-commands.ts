// `hookrelay send`, `app list`, `endpoint list`, `msg get` (and `poll`, poll.ts): the binary as a client of a running server,
// for scripts and cron jobs. They call the Svix-compatible REST API (see client.ts for exit codes).
import { readFileSync, existsSync } from "node:fs";
import type { Command, CommandInput } from "./args";
import { UsageError } from "./args";
import { CLIENT_FLAGS, EXIT, EXIT_CODES_HELP, isoSeconds, listAll, runClient, table } from "./client";
import { ALL, deliveryTable, waitForDelivery } from "./delivery-wait";
import { parseDuration } from "../config/parse-value";
import { pollCommand } from "./poll";

const enc = encodeURIComponent;
const limitOf = (input: CommandInput) => {
  const raw = (input.flags.limit as string | undefined) ?? "100";
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new UsageError(`--limit must be an integer from 1 to 10000, got ${raw}`);
  return n;
};
const LIMIT_FLAG = { name: "limit", type: "string" as const, help: "Most rows to print (default 100)" };
const APP_FLAG = { name: "app", type: "string" as const, help: "Application id or uid (instead of the APP argument, as `send` takes it)" };

/** The application: `--app APP` (as `send` takes it) or the first argument, never both; the rest of the arguments after it. */
function appAndRest(input: CommandInput, rest: number, usage: string): { app: string; args: string[] } {
  const flag = input.flags.app as string | undefined;
  const args = flag === undefined ? input.args.slice(1) : input.args;
  const app = flag ?? input.args[0];
  if (flag !== undefined && input.args.length > rest) throw new UsageError(`give the application once: --app ${flag} or ${input.args[0]} (usage: ${usage})`);
  if (!app || args.length !== rest) throw new UsageError(`usage: ${usage}`);
  return { app, args };
}

/** --data: inline JSON, @file, or - for stdin. */
async function readData(input: CommandInput): Promise<unknown> {
  const raw = input.flags.data as string | undefined;
  if (raw === undefined) throw new UsageError("send needs --data (inline JSON, @file.json, or - for stdin)");
  let text: string;
  let from = "--data";
  if (raw === "-") { text = await input.stdin(); from = "stdin"; }
  else if (raw.startsWith("@")) {
    const file = raw.slice(1);
    if (!existsSync(file)) throw new UsageError(`--data ${raw}: file ${file} does not exist`);
    text = readFileSync(file, "utf8");
    from = file;
  } else text = raw;
  try { return JSON.parse(text); } catch (e) { throw new UsageError(`${from} is not valid JSON: ${(e as Error).message}`); }
}

export const sendCommand: Command = {
  name: "send",
  summary: `Send a message (event) to an application's endpoints through a running server. ${EXIT_CODES_HELP}`,
  usage: "hookrelay send --app APP --event-type TYPE --data JSON|@FILE|- [--event-id ID] [--idempotency-key KEY] [--wait DURATION] [--json]",
  flags: [
    { name: "app", type: "string", help: "Application id or uid" },
    { name: "event-type", type: "string", help: "Event type, e.g. invoice.paid" },
    { name: "data", type: "string", help: "Payload: inline JSON, @file.json, or - to read stdin" },
    { name: "event-id", type: "string", help: "Your id for the event (deduplicated by the server)" },
    { name: "idempotency-key", type: "string", help: "Retry-safe key: the same key returns the first response" },
    { name: "channel", type: "list", help: "Channel (repeatable)" },
    { name: "wait", type: "string", help: "Wait up to DURATION (e.g. 30s) until every endpoint answered 2xx; exit 7 if one failed or is still retrying then" },
    ...CLIENT_FLAGS,
  ],
  args: { min: 0, max: 0 },
  examples: [
    "hookrelay send --app acme --event-type invoice.paid --data '{\"id\":\"inv_1\"}'",
    "HOOKRELAY_TOKEN=hr_... hookrelay send --app acme --event-type user.created --data @payload.json --json",
    "jq -n '{id: 1}' | hookrelay send --app acme --event-type ping --data - --idempotency-key nightly-$(date +%F)",
    "hookrelay send --app acme --event-type deploy.finished --data '{}' --wait 30s || echo 'not delivered'",
  ],
  run: (input) => runClient(input, async (client) => {
    const app = input.flags.app as string | undefined;
    const eventType = input.flags["event-type"] as string | undefined;
    if (!app) throw new UsageError("send needs --app APP (application id or uid)");
    if (!eventType) throw new UsageError("send needs --event-type TYPE");
    const waitText = input.flags.wait as string | undefined;
    const waitMs = waitText === undefined ? null : parseDuration(waitText);
    if (waitMs === null && waitText !== undefined) throw new UsageError(`--wait takes a duration such as 30s or 2m, got ${waitText}`);
    const payload = await readData(input);
    const body: Record<string, unknown> = { eventType, payload };
    if (input.flags["event-id"]) body.eventId = input.flags["event-id"];
    if (input.flags.channel) body.channels = input.flags.channel;
    const key = input.flags["idempotency-key"] as string | undefined;
    const msg = await client.call("POST", `/app/${enc(app)}/msg`, body, key ? { "idempotency-key": key } : {});
    input.stdout(input.flags.json ? JSON.stringify(msg) : msg.id);
    if (waitMs === null) return EXIT.ok;
    const waited = await waitForDelivery(client, app, msg.id, waitMs);
    if (waited.delivered) return EXIT.ok;
    // stdout keeps only the id (or the JSON): what went wrong goes to stderr, for a person reading the log.
    input.stderr(`hookrelay: ${msg.id} not delivered: ${waited.reason}\n${waited.report}`);
    return EXIT.notDelivered;
  }),
};

export const appListCommand: Command = {
  name: "app list",
  summary: `List applications on a running server. ${EXIT_CODES_HELP}`,
  usage: "hookrelay app list [--limit N] [--json]",
  flags: [LIMIT_FLAG, ...CLIENT_FLAGS],
  args: { min: 0, max: 0 },
  examples: ["hookrelay app list", "hookrelay app list --json | jq -r '.[].id'"],
  run: (input) => runClient(input, async (client) => {
    const apps = await listAll(client, "/app", limitOf(input));
    if (input.flags.json) input.stdout(JSON.stringify(apps));
    else if (!apps.length) input.stdout("no applications");
    else input.stdout(table([["ID", "UID", "NAME", "CREATED"], ...apps.map((a) => [a.id, a.uid ?? "-", a.name, isoSeconds(a.createdAt)])]));
    return EXIT.ok;
  }),
};

export const endpointListCommand: Command = {
  name: "endpoint list",
  summary: `List an application's endpoints on a running server. ${EXIT_CODES_HELP}`,
  usage: "hookrelay endpoint list APP|--app APP [--limit N] [--json]",
  flags: [APP_FLAG, LIMIT_FLAG, ...CLIENT_FLAGS],
  args: { min: 0, max: 1 },
  examples: ["hookrelay endpoint list acme", "hookrelay endpoint list --app app_2x... --json | jq '.[] | select(.disabled)'"],
  run: (input) => runClient(input, async (client) => {
    const { app } = appAndRest(input, 0, endpointListCommand.usage);
    const eps = await listAll(client, `/app/${enc(app)}/endpoint`, limitOf(input));
    if (input.flags.json) input.stdout(JSON.stringify(eps));
    else if (!eps.length) input.stdout("no endpoints");
    else input.stdout(table([["ID", "UID", "STATE", "URL"], ...eps.map((e) => [e.id, e.uid ?? "-", e.disabled ? "disabled" : "enabled", e.url])]));
    return EXIT.ok;
  }),
};

export const msgGetCommand: Command = {
  name: "msg get",
  summary: `Show one message (with its payload) from a running server. ${EXIT_CODES_HELP}`,
  usage: "hookrelay msg get APP MSG|--app APP MSG [--json]",
  flags: [APP_FLAG, ...CLIENT_FLAGS],
  args: { min: 1, max: 2 },
  examples: ["hookrelay msg get acme msg_2x...", "hookrelay msg get --app acme my-event-id --json | jq .payload"],
  run: (input) => runClient(input, async (client) => {
    const { app, args: [msg] } = appAndRest(input, 1, msgGetCommand.usage);
    const m = await client.call("GET", `/app/${enc(app)}/msg/${enc(msg)}`);
    if (input.flags.json) { input.stdout(JSON.stringify(m)); return EXIT.ok; }
    // Where it went: one row per endpoint it was routed to, with that pair's state (Svix's attempted destinations).
    const routed = await listAll(client, `/app/${enc(app)}/msg/${enc(m.id)}/endpoint`, ALL);
    const deliveries = routed.length ? deliveryTable(routed) : "  (no endpoint subscribed)";
    input.stdout([
      `id:          ${m.id}`,
      `event type:  ${m.eventType}`,
      `event id:    ${m.eventId ?? "-"}`,
      `created:     ${isoSeconds(m.timestamp)}`,
      ...(m.channels?.length ? [`channels:    ${m.channels.join(", ")}`] : []),
      `payload:`,
      m.payload === null || m.payload === undefined ? "  (expired or expunged)" : JSON.stringify(m.payload, null, 2),
      `deliveries:`,
      deliveries,
    ].join("\n"));
    return EXIT.ok;
  }),
};

export const clientCommands: Command[] = [sendCommand, appListCommand, endpointListCommand, msgGetCommand, pollCommand];
