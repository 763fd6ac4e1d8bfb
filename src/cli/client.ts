// The HTTP side of the scripting commands (send, app list, endpoint list, msg get): finds the server
// and token, calls the Svix-compatible REST API, and maps every failure to an exit code a script can
// branch on.
import type { CommandInput, FlagDef } from "./args";
import { UsageError } from "./args";

export const EXIT = { ok: 0, server: 1, usage: 2, auth: 3, notFound: 4, unreachable: 5, retryLater: 6, notDelivered: 7 } as const;
export const DEFAULT_SERVER = "http://127.0.0.1:8080";

export const CLIENT_FLAGS: FlagDef[] = [
  { name: "server", type: "string", help: `Server base URL (env HOOKRELAY_SERVER, default ${DEFAULT_SERVER})` },
  { name: "token", type: "string", help: "API token (env HOOKRELAY_TOKEN; prefer the env var: flags show in ps)" },
  { name: "json", type: "bool", help: "Print the server's JSON instead of text" },
];

export const EXIT_CODES_HELP = "Exit codes: 0 ok, 1 server error, 2 usage or input refused (400/409/413/422), 3 auth (401/403), 4 not found, 5 server unreachable, 6 retry later (429 rate limited, 503 storage full or shutting down), 7 (send --wait) accepted but not delivered in time.";

/** A failure that already knows its exit code and one-line message. */
export class ClientError extends Error {
  constructor(public code: number, message: string) { super(message); }
}

export interface Client {
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<any>;
  server: string;
}

export function clientOf(input: CommandInput): Client {
  const server = ((input.flags.server as string | undefined) ?? input.env.HOOKRELAY_SERVER ?? DEFAULT_SERVER).replace(/\/+$/, "");
  try { new URL(server); } catch { throw new UsageError(`--server must be a URL such as ${DEFAULT_SERVER}, got ${server}`); }
  const token = (input.flags.token as string | undefined) ?? input.env.HOOKRELAY_TOKEN;
  if (!token) throw new ClientError(EXIT.auth, "no API token: set HOOKRELAY_TOKEN (or --token); create one with 'hookrelay token create'");
  return {
    server,
    async call(method, path, body, headers = {}) {
      let res: Response;
      try {
        res = await fetch(`${server}/api/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (e) {
        throw new ClientError(EXIT.unreachable, `cannot reach ${server}: ${(e as Error).message}`);
      }
      const text = await res.text();
      let json: any = null;
      try { json = text ? JSON.parse(text) : null; } catch { /* a proxy's HTML error page */ }
      if (res.ok) return json;
      const retryAfter = res.headers.get("retry-after");
      const hint = exitFor(res.status) === EXIT.retryLater ? ` (retry later${retryAfter ? `: Retry-After ${retryAfter}` : ""})` : "";
      throw new ClientError(exitFor(res.status), `${res.status} ${describe(json, text)}${hint}`);
    },
  };
}

function exitFor(status: number): number {
  if (status === 401 || status === 403) return EXIT.auth;
  if (status === 404) return EXIT.notFound;
  // Nothing is wrong with the request: the same call is expected to work later (a cron job can retry).
  if (status === 429 || status === 503) return EXIT.retryLater;
  if ([400, 409, 413, 422].includes(status)) return EXIT.usage;
  return EXIT.server;
}

function describe(json: any, text: string): string {
  if (json && typeof json.detail === "string") return json.detail;
  if (json && Array.isArray(json.detail)) return json.detail.map((d: any) => `${(d.loc ?? []).join(".")}: ${d.msg}`).join("; ");
  return text.slice(0, 200).replace(/\s+/g, " ").trim() || "(no body)";
}

/** Collects list pages (Svix iterator pagination) until `limit` items or the last page. */
export async function listAll(client: Client, path: string, limit: number): Promise<any[]> {
  const out: any[] = [];
  let iterator: string | null = null;
  while (out.length < limit) {
    const q = new URLSearchParams({ limit: String(Math.min(250, limit - out.length)) });
    if (iterator) q.set("iterator", iterator);
    const page = await client.call("GET", `${path}?${q}`);
    out.push(...(page?.data ?? []));
    if (page?.done !== false || !page.iterator) break;
    iterator = page.iterator;
  }
  return out;
}

/** An API time stamp without its milliseconds, for text output ("" when absent). */
export const isoSeconds = (s: unknown) => (typeof s === "string" ? s.replace(/\.\d+Z$/, "Z") : "");

/** Fixed-width columns for text output. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ")).join("\n");
}

/** Runs a client command body, turning ClientError into its exit code and a one-line message. */
export async function runClient(input: CommandInput, fn: (client: Client) => Promise<number>): Promise<number> {
  try {
    return await fn(clientOf(input));
  } catch (e) {
    if (e instanceof ClientError) { input.stderr(`hookrelay: ${e.message}`); return e.code; }
    throw e;
  }
}
