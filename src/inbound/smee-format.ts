// The SSE message body smee.io sends and smee-client consumes: every header as a top-level key, plus
// `body` (parsed JSON), `query` and `timestamp`. smee-client turns the other keys back into headers and
// re-serialises `body` with JSON.stringify, so compact JSON bodies survive byte for byte; for exact
// bytes on any content type use `hookrelay listen`.
import type { CapturedEvent } from "./event-bus";
import { endToEnd } from "./http-headers";
import { parseBody } from "./filter";

const RESERVED = new Set(["body", "query", "timestamp"]);
// Every open stream of a source formats the same published event: do it once.
const formatted = new WeakMap<CapturedEvent, string>();

export function smeeMessage(ev: CapturedEvent): string {
  const hit = formatted.get(ev);
  if (hit !== undefined) return hit;
  const out: Record<string, unknown> = {};
  for (const [k, v] of endToEnd(ev.headers)) {
    const name = k.toLowerCase();
    if (!RESERVED.has(name)) out[name] = v;
  }
  // smee-client calls Buffer.byteLength(JSON.stringify(body)), which throws on undefined.
  out.body = parseBody(ev.body, ev.contentType) ?? {};
  out.query = Object.fromEntries(new URLSearchParams(ev.query));
  out.timestamp = ev.createdAt;
  const text = JSON.stringify(out);
  formatted.set(ev, text);
  return text;
}
