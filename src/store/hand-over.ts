/**
 * The hand-over between a creating transaction and the delivery engine, shared by the message API
 * (messages.ts) and ingest captures (ingest-requests.ts): the engine takes a new delivery inside the
 * transaction that writes it, the row is written already claimed ('sending', with its lease), and
 * the payload is handed over in memory after COMMIT. The engine then needs no due scan, no claim
 * UPDATE and no payload read for it. Whatever the engine declines is written 'pending' and found by
 * its scan as before.
 */

/** A new delivery the delivery engine took in the transaction that creates it. */
export interface Reservation {
  /** The lease the row is written with (status 'sending'), as a claim would have set it. */
  readonly leaseUntil: number;
  /** The row's id, set by the insert. */
  deliveryId: number;
}

/** What the engine needs to send a handed-over message without reading it back. */
export interface HandedMessage {
  id: string;
  payload: Uint8Array;
  createdAt: number;
  /** Default application/json (the message API's payloads). */
  contentType?: string;
  /** A relayed capture: the provider's headers (credentials removed) in arrival order, and its method. */
  inbound?: { headers: [string, string][]; method: string };
}

export interface DeliveryHandOver {
  /** Called inside the transaction, once per new delivery due now; null leaves the row pending. */
  reserve(endpointId: string): Reservation | null;
  /** After COMMIT: send the taken rows now. */
  start(message: HandedMessage, taken: Reservation[]): void;
  /** The transaction did not commit: give the slots back. */
  release(taken: Reservation[]): void;
}

/** One creating write in flight: what it inserted and took, settled exactly once (started or released). */
export class CreatedMessage {
  deliveries = 0;
  readonly taken: Reservation[] = [];
  payload: Uint8Array | null = null;
  contentType: string | undefined;
  inbound: HandedMessage["inbound"];
  private settled = false;

  constructor(readonly id: string, readonly createdAt: number, readonly handOver: DeliveryHandOver | null) {}

  /** Deliveries left 'pending' for the engine's scan (the wake is needed only for these). */
  get left(): number { return this.deliveries - this.taken.length; }

  committed(): void {
    if (this.settled) return;
    this.settled = true;
    if (this.taken.length) {
      this.handOver!.start({ id: this.id, payload: this.payload!, createdAt: this.createdAt, contentType: this.contentType, inbound: this.inbound }, this.taken);
    }
  }

  release(): void {
    if (this.settled) return;
    this.settled = true;
    if (this.taken.length) this.handOver!.release(this.taken);
  }
}

/**
 * The group writer's onCommit: starts what the engine took and tells whether some delivery was
 * left pending (the engine's scan must be woken for it).
 */
export function settleCommitted(results: unknown[]): boolean {
  let wake = false;
  for (const r of results) {
    if (!(r instanceof CreatedMessage)) continue;
    r.committed();
    if (r.left > 0) wake = true;
  }
  return wake;
}
