/**
 * Delivery requests sent from a second thread. The relay's JavaScript runs on one thread, and the
 * outgoing HTTP work (fetch, response reading, the sender's checks) was a quarter to a third of it
 * under load (bench/profile.ts, 10 endpoints); on a machine with a spare core it now runs there.
 * Same contract as createSender: the returned function never throws and always settles.
 *
 * The worker runs the very same createSender (policy included), so nothing about SSRF changes.
 * If the thread cannot start or dies, its open requests fail as network errors (they are retried
 * like any other) and every later request is sent on the main thread instead.
 */
import { createSender, failedSend, type SendRequest, type SendResult } from "./http-sender.ts";
import type { DestinationPolicy } from "./address-policy.ts";
import type { FromWorker, ToWorker } from "./sender-worker.ts";
import { workerUrl } from "../../lib/worker-url.ts";

/** A request the thread has not answered by its own deadline plus this is failed here. */
const SAFETY_MS = 5_000;

export interface ThreadedSender {
  send: (req: SendRequest) => Promise<SendResult>;
  /** Requests handed to the thread and not answered yet. */
  readonly pending: number;
  /** True once the thread failed and requests go out on the calling thread. */
  readonly fellBack: boolean;
  /** Stops the thread; requests still open settle as failures. */
  close(): void;
}

interface Open { resolve: (r: SendResult) => void; deadline: number }

/**
 * @param workerScript the worker's entry point; tests give a broken one to exercise the fallback.
 */
export function createThreadedSender(policy: DestinationPolicy, onFailure: (error: unknown) => void, onReady: () => void = () => {}, workerScript = workerUrl("delivery/net/sender-worker.ts")): ThreadedSender {
  const open = new Map<number, Open>();
  let nextId = 1;
  let batch: { id: number; req: SendRequest }[] = [];
  /** A body in the batch is not UTF-8 text, so the batch cannot travel as JSON. */
  let batchHasBytes = false;
  let flushQueued = false;
  let inline: ((req: SendRequest) => Promise<SendResult>) | null = null;
  let sweep: ReturnType<typeof setInterval> | null = null;
  let worker: Worker | null = null;

  const failAll = (why: string) => {
    const pending = [...open.values()];
    open.clear();
    for (const o of pending) o.resolve(failedSend("network", why));
  };

  const fallBack = (error: unknown) => {
    if (inline) return;
    inline = createSender({ policy });
    worker?.terminate();
    worker = null;
    failAll("the sender thread stopped before answering; the attempt will be retried");
    onFailure(error);
  };

  try {
    // smol: JavaScriptCore's small heap. The thread holds little (requests in flight), and the large
    // heap's headroom pushed the relay's peak RSS in the 100,000-delivery backlog drain past 200 MB.
    worker = new Worker(workerScript, { smol: true, ref: false } as WorkerOptions);
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const msg = typeof event.data === "string" ? (JSON.parse(event.data) as FromWorker) : event.data;
      if (msg.type === "ready") { onReady(); return; }
      const pairs = msg.pairs;
      for (let i = 0; i < pairs.length; i += 2) {
        const id = pairs[i] as number;
        const o = open.get(id);
        if (!o) continue; // already failed by the sweep
        open.delete(id);
        o.resolve(pairs[i + 1] as SendResult);
      }
    };
    worker.onerror = (event) => fallBack((event as ErrorEvent).error ?? new Error((event as ErrorEvent).message));
    worker.addEventListener("close", () => { if (worker) fallBack(new Error("the sender thread exited")); });
    worker.postMessage({ type: "init", policy } satisfies ToWorker);
  } catch (error) {
    fallBack(error);
  }

  const flush = () => {
    flushQueued = false;
    const b = batch;
    const asJson = !batchHasBytes;
    batch = [];
    batchHasBytes = false;
    if (worker) {
      // A JSON string crosses threads for about half the cost of structured-cloning the same objects
      // (each message also has a fixed cost of several µs, hence one per cycle).
      worker.postMessage(asJson ? JSON.stringify(textMessage(b)) : ({ type: "send", batch: b } satisfies ToWorker));
      return;
    }
    // The thread died (or was closed) after these were queued: send them here, or fail them.
    for (const { id, req } of b) {
      const o = open.get(id);
      if (!o) continue;
      open.delete(id);
      if (inline) inline(req).then(o.resolve);
      else o.resolve(failedSend("network", "hookrelay is shutting down"));
    }
  };

  const startSweep = () => {
    if (sweep) return;
    sweep = setInterval(() => {
      const now = performance.now();
      for (const [id, o] of open) {
        if (o.deadline > now) continue;
        open.delete(id);
        o.resolve(failedSend("timeout", "no answer from the sender thread within the request timeout"));
      }
      if (open.size === 0 && sweep) { clearInterval(sweep); sweep = null; }
    }, 1_000);
    sweep.unref?.();
  };

  return {
    send(req) {
      if (inline) return inline(req);
      const id = nextId++;
      const p = new Promise<SendResult>((resolve) => {
        open.set(id, { resolve, deadline: performance.now() + Math.max(1, req.timeoutMs) + SAFETY_MS });
      });
      if (asText(req.body) === null) batchHasBytes = true;
      // A nonsense cap or timeout must not turn into JSON null (= 0) on the way to the thread.
      const maxResponseBytes = Number.isFinite(req.maxResponseBytes) ? req.maxResponseBytes : DEFAULT_RESPONSE_CAP;
      // A CancelGroup cannot cross threads: requests sent from the thread are not cut short (docs/delivery.md).
      const { cancel: _notSent, ...plain } = req;
      batch.push({ id, req: { ...plain, maxResponseBytes } });
      // Every send started in the same synchronous stretch (one engine cycle) goes in one message.
      if (!flushQueued) { flushQueued = true; queueMicrotask(flush); }
      startSweep();
      return p;
    },
    get pending() { return open.size; },
    get fellBack() { return inline !== null; },
    close() {
      const w = worker;
      worker = null;
      w?.terminate();
      if (sweep) { clearInterval(sweep); sweep = null; }
      failAll("hookrelay is shutting down");
    },
  };
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
/** Payloads already judged, by identity: a fan-out sends the same bytes to every endpoint. */
const textOf = new WeakMap<Uint8Array, string | null>();

/**
 * The body as a string when it is valid UTF-8 (the worker encodes it back to the very same bytes:
 * the decoder is strict and keeps a BOM), else null and the bytes travel as they are.
 */
function asText(body: Uint8Array | string): string | null {
  if (typeof body === "string") return body;
  let t = textOf.get(body);
  if (t === undefined) {
    try { t = strictUtf8.decode(body); } catch { t = null; }
    textOf.set(body, t);
  }
  return t;
}

const DEFAULT_RESPONSE_CAP = 64 * 1024;

/** The batch with each distinct body once, as text; the requests point at it by index. */
function textMessage(b: { id: number; req: SendRequest }[]): ToWorker {
  const bodies: string[] = [];
  const index = new Map<Uint8Array | string, number>();
  const batch = b.map(({ id, req }) => {
    let i = index.get(req.body);
    if (i === undefined) { i = bodies.push(asText(req.body)!) - 1; index.set(req.body, i); }
    return { id, req: { ...req, body: i } };
  });
  return { type: "sendText", bodies, batch };
}

