/**
 * Maps whatever fetch, the resolver or a stream threw onto a small fixed set of error
 * classes, with a short message safe to store on an attempt record.
 */

export type ErrorClass =
  | "timeout"
  | "connection_refused"
  | "connection_reset"
  | "dns"
  | "tls"
  | "blocked"
  | "network"
  | "invalid_url";

export interface Classified {
  errorClass: ErrorClass;
  error: string;
}

// Bun surfaces these as `err.code` on fetch/dns failures (checked on Bun 1.4.5).
const REFUSED = new Set(["ECONNREFUSED", "ConnectionRefused"]);
const RESET = new Set(["ECONNRESET", "ConnectionClosed", "EPIPE", "ECONNABORTED", "UND_ERR_SOCKET"]);
const DNS = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NONAME", "ENODATA", "ESERVFAIL", "ENOTIMP", "EREFUSED", "DNSException"]);
const TIMEOUT = new Set(["ETIMEDOUT", "TimeoutError"]);
const TLS_CODE = /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)|HANDSHAKE/i;
/** No connection was made, so nothing was sent: safe to try another address of the same host. */
const NOT_CONNECTED = new Set([...REFUSED, "EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ENETDOWN", "EADDRNOTAVAIL", "FailedToOpenSocket"]);

const MAX_MESSAGE = 200;

/** First line of the error message, minus Bun's "pass verbose: true" advice, bounded. */
function shortMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const line = raw.split("\n")[0].replace(/\s*For more information, pass `verbose: true`.*$/, "").trim();
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}

function codeOf(err: unknown): string {
  if (typeof err !== "object" || err === null) return "";
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string") return code;
  const name = (err as { name?: unknown }).name;
  return typeof name === "string" ? name : "";
}

/**
 * Classifies a failure. `stage` says what was in progress, so a timeout message tells the
 * operator whether the receiver was slow to answer or slow to finish its body.
 */
export function classifyError(err: unknown, stage: "dns" | "connect" | "body"): Classified {
  const code = codeOf(err);
  const msg = shortMessage(err);
  const withCode = code && !msg.includes(code) ? `${msg} (${code})` : msg;
  if (TIMEOUT.has(code)) return { errorClass: "timeout", error: withCode };
  if (REFUSED.has(code)) return { errorClass: "connection_refused", error: withCode };
  if (RESET.has(code)) return { errorClass: "connection_reset", error: withCode };
  if (stage === "dns" || DNS.has(code)) return { errorClass: "dns", error: withCode || "name resolution failed" };
  if (TLS_CODE.test(code)) return { errorClass: "tls", error: withCode };
  return { errorClass: "network", error: withCode || "request failed" };
}

/** True when the connection itself failed (refused, unreachable): the request never left. */
export function isConnectFailure(err: unknown): boolean {
  return NOT_CONNECTED.has(codeOf(err));
}

export type Stage = "dns" | "connect" | "body";
const DURING: Record<Stage, string> = { dns: "resolving the host", connect: "waiting for response headers", body: "reading the response body" };

/** The message for a deadline hit, naming the stage it interrupted. */
export function timeoutMessage(timeoutMs: number, stage: Stage): string {
  return `timed out after ${timeoutMs} ms ${DURING[stage]}`;
}

/** The message for a request cut short by its sender (the reason says why). */
export function cancelledMessage(reason: Error, stage: Stage): string {
  return `cut short ${DURING[stage]}: ${reason.message}`;
}
