/**
 * The sender thread's entry point (see sender-thread.ts): runs createSender, the same SSRF-guarded
 * client as the main thread, and answers each request with its SendResult. Requests arrive and
 * results leave in batches, one message per event-loop turn, because a postMessage costs far more
 * than the bytes it carries. Listed as a second entrypoint in scripts/build.ts so the compiled
 * binary contains it.
 */
import { createSender, failedSend, type SendRequest, type SendResult } from "./http-sender.ts";
import type { DestinationPolicy } from "./address-policy.ts";

declare const self: Worker;

export type ToWorker =
  | { type: "init"; policy: DestinationPolicy }
  | { type: "send"; batch: { id: number; req: SendRequest }[] }
  /** The JSON form: each request's body is an index into `bodies` (a fan-out's payload travels once). */
  | { type: "sendText"; bodies: string[]; batch: { id: number; req: Omit<SendRequest, "body"> & { body: number } }[] };
/** Flattened pairs: id, result, id, result, ... */
export type FromWorker = { type: "results"; pairs: (number | SendResult)[] } | { type: "ready" };

let send: ((req: SendRequest) => Promise<SendResult>) | null = null;
let out: (number | SendResult)[] = [];
let flushQueued = false;

const encoder = new TextEncoder();

function flush(): void {
  flushQueued = false;
  const pairs = out;
  out = [];
  // Results are plain JSON values; a JSON string is cheaper to pass than a structured clone.
  self.postMessage(JSON.stringify({ type: "results", pairs } satisfies FromWorker));
}

function done(id: number, result: SendResult): void {
  out.push(id, result);
  if (!flushQueued) { flushQueued = true; setImmediate(flush); }
}

self.onmessage = (event: MessageEvent<ToWorker | string>) => {
  const msg = typeof event.data === "string" ? (JSON.parse(event.data) as ToWorker) : event.data;
  if (msg.type === "init") {
    send = createSender({ policy: msg.policy });
    self.postMessage({ type: "ready" } satisfies FromWorker);
    return;
  }
  // Bodies sent as text (valid UTF-8 only, see sender-thread.ts) become the original bytes again, once each.
  const bytes = msg.type === "sendText" ? msg.bodies.map((b) => encoder.encode(b)) : [];
  for (const { id, req: r } of msg.batch) {
    // createSender never rejects; the guard is for a send before init, which would be our bug.
    if (!send) { done(id, failedSend("network", "the sender thread could not send this request")); continue; }
    const req: SendRequest = typeof r.body === "number" ? { ...r, body: bytes[r.body] } : (r as SendRequest);
    send(req).then((r) => done(id, r), () => done(id, failedSend("network", "the sender thread could not send this request")));
  }
};

