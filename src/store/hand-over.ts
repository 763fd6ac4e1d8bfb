/**
 * The hand-over between a creating transaction and the delivery engine, shared by the message API
 * (messages.ts) and ingest captures (ingest-requests.ts): the engine takes a new delivery inside the
 * transaction that writes it, the row is written already claimed ('sending', with its lease), and
 * the payload is handed over in memory after COMMIT. The engine then needs no due scan, no claim
 * UPDATE and no payload read for it. Whatever the engine declines is written 'pending' and found by
 * its scan as before.
 */
import type { Database } from "bun:sqlite";
import type { WriteBatcher } from "./write-batcher";

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

/**
 * Runs a creating write in the group writer and resolves with its CreatedMessage once durable. The
 * batch may be rolled back and run again (WriteBatcher's plain-then-careful retry): each run starts
 * from a fresh `make()`, and whatever an abandoned run took is given back.
 */
export function runCreating<C extends CreatedMessage>(writer: WriteBatcher, make: () => C, write: (c: C) => void): Promise<C> {
  let created = make();
  return writer.run(() => {
    try {
      write(created);
      return created;
    } catch (e) {
      created.release(); // rolled back to its savepoint
      throw e;
    }
  }, {
    reset: () => { created.release(); created = make(); },
  }).catch((e) => {
    created.release(); // the whole group transaction failed (a no-op once started)
    throw e;
  });
}

/**
 * The delivery insert of a creating write, for use inside its transaction: the row is written
 * claimed when `handOver` takes it, else pending for the scan; `created` counts both.
 */
export function deliveryInserter(sqlite: Database) {
  const pending = sqlite.query(`INSERT INTO deliveries (message_id, endpoint_id, status, attempt_count, next_attempt_at, manual, created_at, updated_at)
    VALUES (?, ?, 'pending', 0, ?, 0, ?, ?)`);
  const taken = sqlite.query(`INSERT INTO deliveries (message_id, endpoint_id, status, attempt_count, next_attempt_at, lease_until, manual, created_at, updated_at)
    VALUES (?1, ?2, 'sending', 0, ?3, ?3, 0, ?4, ?4)`);
  return (created: CreatedMessage, endpointId: string, due: number, now: number, handOver: DeliveryHandOver | null): void => {
    created.deliveries++;
    const r = handOver?.reserve(endpointId);
    if (!r) { pending.run(created.id, endpointId, due, now, now); return; }
    created.taken.push(r); // before the insert: a failing insert still gives the slot back
    r.deliveryId = Number(taken.run(created.id, endpointId, r.leaseUntil, now).lastInsertRowid);
  };
}
