/**
 * The sender thread's entry point (see sender-thread.ts): runs createSender, the same SSRF-guarded
 * client as the main thread, and answers each request with its SendResult. Requests arrive and
 * results leave in batches, one message per event-loop turn, because a postMessage costs far more
 * than the bytes it carries. Listed as a second entrypoint in scripts/build.ts so the compiled
 * binary contains it.
 */
import { createSender, type SendRequest, type SendResult } from "./http-sender.ts";
import type { DestinationPolicy } from "./address-policy.ts";

declare const self: Worker;

export type ToWorker =
  | { type: "init"; policy: DestinationPolicy }
  | { type: "send"; batch: { id: number; req: SendRequest }[] };
/** Flattened pairs: id, result, id, result, ... */
export type FromWorker = { type: "results"; pairs: (number | SendResult)[] } | { type: "ready" };

let send: ((req: SendRequest) => Promise<SendResult>) | null = null;
let out: (number | SendResult)[] = [];
let flushQueued = false;

function flush(): void {
  flushQueued = false;
  const pairs = out;
  out = [];
  self.postMessage({ type: "results", pairs } satisfies FromWorker);
}

function done(id: number, result: SendResult): void {
  out.push(id, result);
  if (!flushQueued) { flushQueued = true; setImmediate(flush); }
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  if (msg.type === "init") {
    send = createSender({ policy: msg.policy });
    self.postMessage({ type: "ready" } satisfies FromWorker);
    return;
  }
  for (const { id, req } of msg.batch) {
    // createSender never rejects; the guard is for a send before init, which would be our bug.
    if (!send) { done(id, notStarted()); continue; }
    send(req).then((r) => done(id, r), () => done(id, notStarted()));
  }
};

function notStarted(): SendResult {
  return { status: null, headers: {}, body: "", bodyTruncated: false, durationMs: 0, errorClass: "network", error: "the sender thread could not send this request", remoteAddress: null };
}
