// Live consumers read "everything after cursor N, then whatever arrives": a catch-up from the database
// followed by events from the bus, with no gap and no repeat. Used by SSE streams and long-polls.
import type { CapturedEvent } from "./event-bus";
import type { InboundService } from "./service";
import type { IngestRequestWithBody } from "../store/ingest-requests";

const BATCH = 100;

export function rowToEvent(r: IngestRequestWithBody): CapturedEvent {
  return {
    seq: r.seq, id: r.id, sourceId: r.sourceId, method: r.method, path: r.path, query: r.query, headers: r.headers, ip: r.ip,
    contentType: r.contentType, body: r.body ?? new Uint8Array(), status: r.status as CapturedEvent["status"], createdAt: r.createdAt,
  };
}

/**
 * Calls `deliver` for every streamable request after `after`, in seq order, then for each new one;
 * `deliver` returns false when its consumer has gone.
 * Subscribing before the catch-up query closes the race with a commit in between; seq filters repeats.
 * Returns the unsubscribe function.
 */
export function followSource(svc: InboundService, sourceId: string, after: number, deliver: (ev: CapturedEvent) => boolean): () => void {
  let cursor = after;
  let catchingUp = true;
  const buffered: CapturedEvent[] = [];
  const unsubscribe = svc.bus.subscribe(sourceId, (ev) => {
    if (catchingUp) { buffered.push(ev); return; }
    if (ev.seq > cursor) { cursor = ev.seq; deliver(ev); }
  });
  // deliver() answers false once its consumer is gone: a long catch-up stops reading then.
  let open = true;
  while (open) {
    const rows = svc.requests.after(sourceId, cursor, BATCH);
    for (const r of rows) { cursor = r.seq; if (!(open = deliver(rowToEvent(r)))) break; }
    if (rows.length < BATCH) break;
  }
  catchingUp = false;
  for (const ev of buffered) if (ev.seq > cursor) { cursor = ev.seq; deliver(ev); }
  return unsubscribe;
}

/** Resolves true when a request for the source is published, false after timeoutMs or when the app stops. */
export function waitForArrival(svc: InboundService, sourceId: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (arrived: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe();
      svc.openStreams.delete(stop);
      signal?.removeEventListener("abort", stop);
      resolve(arrived);
    };
    const stop = () => finish(false);
    const unsubscribe = svc.bus.subscribe(sourceId, () => finish(true));
    const timer = setTimeout(stop, timeoutMs);
    svc.openStreams.set(stop, sourceId);
    signal?.addEventListener("abort", stop);
  });
}
