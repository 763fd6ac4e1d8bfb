// Delivery events for operational webhooks and metrics. The engine emits them after the
// transaction that made them true has committed; listeners must be quick and must not throw
// (a throwing listener is logged and skipped).

export type DeliveryEvent =
  | { type: "endpoint.disabled"; at: number; endpointId: string; appId: string | null; sourceId: string | null; reason: string }
  /** The endpoint's first failure after a success (or ever): a failing period started. */
  | { type: "endpoint.failing"; at: number; endpointId: string; appId: string | null; sourceId: string | null; since: number }
  /** A scheduled delivery gave up: schedule used up, destination blocked, 410, or payload gone. */
  | {
      type: "message.attempt.exhausted"; at: number; messageId: string; endpointId: string; appId: string | null;
      attemptId: string; reason: "exhausted" | "blocked" | "gone" | "expunged"; lastStatus: number | null;
    }
  /** A delivery succeeded after at least one failed attempt. */
  | { type: "message.attempt.recovered"; at: number; messageId: string; endpointId: string; appId: string | null; attemptId: string; lastStatus: number | null };

export type DeliveryListener = (event: DeliveryEvent) => void;

export class DeliveryEvents {
  private listeners = new Set<DeliveryListener>();

  constructor(private onError: (error: unknown) => void) {}

  /** Returns the unsubscribe function. */
  on(listener: DeliveryListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  emit(event: DeliveryEvent): void {
    for (const l of this.listeners) {
      try { l(event); } catch (e) { this.onError(e); }
    }
  }
}
