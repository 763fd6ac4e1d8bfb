// The `hookrelay listen` side of the listener API: register, long-poll events, report results.
// Network failures and HTTP errors are told apart, because only the first is worth retrying quietly.
import { classifyError } from "../../delivery/net/error-class";

export interface ListenEvent {
  cursor: number;
  id: string;
  method: string;
  path: string;
  query: string;
  headers: [string, string][];
  body: string;
  bodyEncoding: "utf8" | "base64";
  receivedAt: string;
}

export interface Registration { name: string; sourceId: string; endpointId: string; cursor: number }

export interface AttemptReport {
  requestId: string;
  url: string;
  requestHeaders: Record<string, string>;
  status?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  durationMs: number;
  errorClass?: string;
  error?: string;
}

const PLAIN: Record<string, string> = { connection_refused: "connection refused", connection_reset: "connection reset", dns: "host not found" };

/** A short, human cause for a failed connection ("connection refused"), not Bun's generic advice. */
export function describeNetError(e: unknown): string {
  const c = classifyError(e, "connect");
  return PLAIN[c.errorClass] ?? c.error;
}

/** The server could not be reached (or dropped the connection): retry with backoff. */
export class Unreachable extends Error {}
/** The server answered with an error: retrying will not help (bad token, unknown source). */
export class ServerRefused extends Error {
  constructor(public status: number, message: string) { super(message); }
}

export class ListenApi {
  constructor(private server: string, private token: string) {}

  private async call<T>(method: string, path: string, body?: unknown, timeoutMs = 15_000, signal?: AbortSignal): Promise<T> {
    const timeout = AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      res = await fetch(`${this.server}/ingest/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (e) {
      if (signal?.aborted) throw e;
      throw new Unreachable(timeout.aborted ? `no answer within ${Math.round(timeoutMs / 1000)}s` : describeNetError(e));
    }
    const text = await res.text().catch(() => "");
    if (res.status >= 500) throw new Unreachable(`server answered ${res.status}`);
    if (res.status >= 400) {
      let detail = text;
      try { detail = (JSON.parse(text) as { detail?: unknown }).detail as string ?? text; } catch { /* plain text */ }
      throw new ServerRefused(res.status, typeof detail === "string" ? detail : JSON.stringify(detail));
    }
    return (text ? JSON.parse(text) : null) as T;
  }

  register(source: string, name: string, forwardUrl: string): Promise<Registration> {
    return this.call("PUT", `/source/${encodeURIComponent(source)}/listener/${encodeURIComponent(name)}`, { forwardUrl });
  }

  /** Long-polls: returns as soon as something arrives, or empty after `waitSec`. */
  events(sourceId: string, after: number, waitSec: number, signal: AbortSignal): Promise<{ data: ListenEvent[]; cursor: number }> {
    return this.call("GET", `/source/${sourceId}/events?after=${after}&limit=20&wait=${waitSec}`, undefined, (waitSec + 15) * 1000, signal);
  }

  report(sourceId: string, name: string, a: AttemptReport): Promise<{ cursor: number }> {
    return this.call("POST", `/source/${sourceId}/listener/${encodeURIComponent(name)}/attempt`, a);
  }
}
