// In-process fan-out of committed ingest requests to live consumers (SSE streams, long-polls).
// Publishing happens after COMMIT, so a subscriber never sees a request the database does not have.
export interface CapturedEvent {
  seq: number;
  id: string;
  sourceId: string;
  method: string;
  /** Sub-path after the ingest token, always starting with "/". */
  path: string;
  /** Raw query string without "?". */
  query: string;
  headers: [string, string][];
  ip: string | null;
  contentType: string;
  body: Uint8Array;
  status: "accepted" | "filtered";
  createdAt: number;
}

type Listener = (event: CapturedEvent) => void;

export class EventBus {
  private listeners = new Map<string, Set<Listener>>();

  /** Returns the unsubscribe function; callers must call it when their stream ends. */
  subscribe(sourceId: string, fn: Listener): () => void {
    let set = this.listeners.get(sourceId);
    if (!set) this.listeners.set(sourceId, (set = new Set()));
    set.add(fn);
    return () => {
      set!.delete(fn);
      if (!set!.size) this.listeners.delete(sourceId);
    };
  }

  publish(event: CapturedEvent): void {
    const set = this.listeners.get(event.sourceId);
    if (!set) return;
    for (const fn of [...set]) {
      // One broken consumer must not stop the others (or the ingest response).
      try { fn(event); } catch { /* the consumer cleans itself up */ }
    }
  }

  subscriberCount(sourceId?: string): number {
    if (sourceId) return this.listeners.get(sourceId)?.size ?? 0;
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }
}
