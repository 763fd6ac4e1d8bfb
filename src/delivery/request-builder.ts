// Builds the HTTP request of one attempt: body, Standard Webhooks signature headers, endpoint
// custom headers, and for inbound (relayed) messages the provider's original headers. Also
// produces the redacted header copy that goes into the attempt log.
import { signPayload } from "../signing/standard-webhooks";
import { endToEnd } from "../inbound/http-headers";

/** Never forwarded: they describe one hop's connection, not the message (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length"]);
const isHopByHop = (name: string) => HOP_BY_HOP.has(name) || name.startsWith("proxy-");

/** Ours wins over endpoint custom headers: a custom header must not break the signature. */
const OWN_HEADERS = new Set(["webhook-id", "webhook-timestamp", "webhook-signature", "content-type", "user-agent"]);

/** Header names whose values are credentials or signatures: stored as REDACTED, never in clear. */
const SENSITIVE = /^(authorization|proxy-authorization|cookie)$|signature|secret|token|api[-_]?key|password|credential/i;
export const REDACTED = "[redacted]";

export interface OutgoingMessage {
  id: string;
  payload: Uint8Array;
  contentType: string;
  /** Set for inbound messages: the provider's headers in arrival order and its method. */
  inbound?: { headers: [string, string][]; method: string };
}

export interface BuildInput {
  message: OutgoingMessage;
  /** Endpoint custom headers (already parsed). */
  customHeaders: Readonly<Record<string, string>>;
  /** Every secret that signs right now: the current one first, then unexpired rotated-out ones. */
  secrets: string[];
  timestampSec: number;
  userAgent: string;
}

export interface BuiltRequest {
  method: string;
  headers: Record<string, string>;
  body: Uint8Array;
  /** The same headers with credentials and signatures replaced by REDACTED. */
  logged: Record<string, string>;
}

export function buildRequest(i: BuildInput): BuiltRequest {
  const headers: Record<string, string> = {};
  const add = (name: string, value: string) => {
    const n = name.toLowerCase();
    if (isHopByHop(n)) return;
    headers[n] = n in headers ? `${headers[n]}, ${value}` : value;
  };
  let method = "POST";
  if (i.message.inbound) {
    // endToEnd also drops the names the sender's Connection header lists as hop-by-hop.
    for (const [n, v] of endToEnd(i.message.inbound.headers)) add(n, v);
    const m = i.message.inbound.method.toUpperCase();
    if (m !== "GET" && m !== "HEAD") method = m;
  }
  for (const [n, v] of Object.entries(i.customHeaders)) {
    const lower = n.toLowerCase();
    if (!OWN_HEADERS.has(lower)) { delete headers[lower]; add(lower, String(v)); }
  }
  headers["content-type"] = i.message.contentType;
  // A relayed request keeps the provider's user-agent; our own messages name hookrelay.
  if (!i.message.inbound || !headers["user-agent"]) headers["user-agent"] = i.userAgent;
  headers["webhook-id"] = i.message.id;
  headers["webhook-timestamp"] = String(i.timestampSec);
  headers["webhook-signature"] = signPayload({ secrets: i.secrets, msgId: i.message.id, timestampSec: i.timestampSec, body: i.message.payload });
  return { method, headers, body: i.message.payload, logged: redactHeaders(headers) };
}

// Header names repeat on every request of an endpoint: remember the regex's verdict per name.
const sensitiveByName = new Map<string, boolean>();
function isSensitive(name: string): boolean {
  let v = sensitiveByName.get(name);
  if (v === undefined) {
    v = SENSITIVE.test(name);
    if (sensitiveByName.size >= 10_000) sensitiveByName.clear();
    sensitiveByName.set(name, v);
  }
  return v;
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n in headers) out[n] = isSensitive(n) ? REDACTED : headers[n];
  return out;
}

/** Endpoint `headers` JSON → plain object; garbage yields none rather than failing the attempt. */
export function parseCustomHeaders(json: string | null): Record<string, string> {
  if (!json) return {};
  try {
    const v = JSON.parse(json);
    if (!v || typeof v !== "object" || Array.isArray(v)) return {};
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(v)) if (typeof val === "string") out[k] = val;
    return out;
  } catch {
    return {};
  }
}

/** ingest_requests.headers JSON `[[name, value], ...]`. */
export function parseHeaderPairs(json: string | null): [string, string][] {
  if (!json) return [];
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.filter((p): p is [string, string] => Array.isArray(p) && typeof p[0] === "string" && typeof p[1] === "string") : [];
  } catch {
    return [];
  }
}
