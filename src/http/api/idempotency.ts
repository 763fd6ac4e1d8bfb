// Idempotency-Key handling for every POST: a repeat within the TTL gets the first response back
// (same status and body), a repeat while the first is still running gets 409, and reusing a key
// for a different request gets 422. Only 2xx responses are remembered, so a failed call can be retried.
import { createHash } from "node:crypto";
import type { IdempotencyStore } from "../../store/idempotency";
import { ApiError, ValidationError } from "../errors";

export const IDEMPOTENCY_SCOPE = "api";

/** Keys whose first request is still being processed (one process owns the data dir). */
export class InFlightKeys {
  private keys = new Set<string>();
  take(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    return true;
  }
  release(key: string): void { this.keys.delete(key); }
}

export function fingerprint(method: string, pathAndQuery: string, body: string): string {
  return createHash("sha256").update(`${method} ${pathAndQuery}\n`).update(body).digest("base64url");
}

export interface Replay { status: number; body: string }

/** The per-request handle a POST handler gets: `saveWith` stores the response inside the caller's own transaction. */
export class IdempotentCall {
  saved = false;
  constructor(private store: IdempotencyStore, public key: string, public fingerprint: string) {}

  /** Returns a function to run inside the transaction that commits the work. */
  saveWith(status: number, body: string, now: number): () => void {
    this.saved = true;
    return () => this.store.save(IDEMPOTENCY_SCOPE, this.key, { fingerprint: this.fingerprint, status, response: body }, now);
  }

  saveNow(status: number, body: string, now: number): void {
    this.saveWith(status, body, now)();
  }
}

/**
 * Looks the key up. Returns a stored replay, or a call handle the handler uses to record its
 * response (and must `release` afterwards). Throws 409 while the same key is in flight, 422 on misuse.
 */
export function beginIdempotent(store: IdempotencyStore, inFlight: InFlightKeys, key: string, fp: string, now: number): Replay | IdempotentCall {
  if (key.length > 256) throw new ValidationError("idempotency-key", "must be at most 256 characters", "header");
  const prior = store.lookup(IDEMPOTENCY_SCOPE, key, now);
  if (prior) {
    if (prior.fingerprint !== fp) throw new ValidationError("idempotency-key", "this key was already used for a different request", "header");
    return { status: prior.status, body: prior.response };
  }
  if (!inFlight.take(key)) throw new ApiError(409, "conflict", "A request with this Idempotency-Key is still being processed; retry later");
  return new IdempotentCall(store, key, fp);
}
