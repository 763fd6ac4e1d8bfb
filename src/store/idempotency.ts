// Idempotency-Key records: the first successful response to a POST, replayed for repeats within the TTL.
// Rows are written in the same transaction as the work they describe (see MessageStore.create);
// expired ones are pruned by the retention job.
import type { Store } from "./db";

export interface StoredResponse { fingerprint: string; status: number; response: string; createdAt: number }

export class IdempotencyStore {
  private find;
  private put;

  constructor(store: Store, private ttlMs: number) {
    const q = store.sqlite;
    this.find = q.prepare<StoredResponse, [string, string]>("SELECT fingerprint, status, response, created_at AS createdAt FROM idempotency_keys WHERE scope = ? AND key = ?");
    // REPLACE: an expired row with the same key is simply overwritten.
    this.put = q.prepare("INSERT OR REPLACE INTO idempotency_keys (scope, key, fingerprint, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?)");
  }

  /** The live record for a key, or null when there is none or it has expired. */
  lookup(scope: string, key: string, now: number): StoredResponse | null {
    const r = this.find.get(scope, key);
    return r && r.createdAt > now - this.ttlMs ? r : null;
  }

  /** Synchronous: call it inside the transaction that does the work. */
  save(scope: string, key: string, r: Omit<StoredResponse, "createdAt">, now: number): void {
    this.put.run(scope, key, r.fingerprint, r.status, r.response, now);
  }
}
