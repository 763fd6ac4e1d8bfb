// Person-requested deliveries: resend one (message, endpoint) pair, and the chunked scans behind
// recover (failed pairs, plus messages missed while the endpoint was disabled) and replay-missing
// (every matching message the endpoint never got). Each queued pair is `pending`, due now, manual=1.
import type { Store } from "./db";
import { writeTx } from "./db";
import { idFloor } from "../lib/ids";
import { readJson } from "./json-column";
import { endpointWants, type FanoutEndpoint } from "./endpoint-cache";

const CHUNK = 500;

export interface Window { since: number; until: number }

export class Redelivery {
  private upsert;
  private failedChunk;
  private missingChunk;
  private requeue;

  constructor(private store: Store) {
    const q = store.sqlite;
    this.upsert = q.prepare(`INSERT INTO deliveries (message_id, endpoint_id, status, attempt_count, next_attempt_at, manual, created_at, updated_at)
      VALUES (?1, ?2, 'pending', 0, ?3, 1, ?3, ?3)
      ON CONFLICT (message_id, endpoint_id) DO UPDATE SET status = 'pending', next_attempt_at = ?3, manual = 1, updated_at = ?3`);
    this.requeue = q.prepare("UPDATE deliveries SET status = 'pending', next_attempt_at = ?1, manual = 1, updated_at = ?1 WHERE id = ?2 AND status = 'failed'");
    this.failedChunk = q.prepare<{ id: number }, [string, number, number, number]>(`SELECT d.id FROM deliveries d JOIN messages m ON m.id = d.message_id
      WHERE d.endpoint_id = ? AND d.status = 'failed' AND d.id > ? AND m.created_at >= ? AND m.created_at < ? ORDER BY d.id LIMIT ${CHUNK}`);
    this.missingChunk = q.prepare<{ id: string; eventType: string; channels: string | null }, [string, string, string, number, number, string]>(
      `SELECT m.id, m.event_type AS eventType, m.channels FROM messages m
       WHERE m.app_id = ? AND m.id > ? AND m.id >= ? AND m.created_at >= ? AND m.created_at < ?
         AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.endpoint_id = ?)
       ORDER BY m.id LIMIT ${CHUNK}`);
  }

  /** Queues one pair again (or for the first time). */
  resend(messageId: string, endpointId: string, now: number): void {
    writeTx(this.store, () => this.upsert.run(messageId, endpointId, now));
  }

  /** Re-queues the endpoint's failed pairs in the window, one short transaction per chunk. */
  async requeueFailed(endpointId: string, w: Window, now: () => number, step: () => Promise<void>): Promise<number> {
    let cursor = 0;
    let total = 0;
    for (;;) {
      const ids = this.failedChunk.all(endpointId, cursor, w.since, w.until).map((r) => r.id);
      if (!ids.length) return total;
      const t = now();
      writeTx(this.store, () => { for (const id of ids) total += this.requeue.run(t, id).changes; });
      cursor = ids[ids.length - 1];
      await step();
    }
  }

  /** Queues messages in the window the endpoint has no delivery for and whose type/channels it wants. */
  async queueMissing(appId: string, ep: FanoutEndpoint, w: Window, now: () => number, step: () => Promise<void>): Promise<number> {
    let cursor = "";
    let total = 0;
    for (;;) {
      const rows = this.missingChunk.all(appId, cursor, idFloor("msg", w.since), w.since, w.until, ep.id);
      if (!rows.length) return total;
      const wanted = rows.filter((r) => endpointWants(ep, r.eventType, readJson<string[] | null>(r.channels, null)));
      const t = now();
      if (wanted.length) writeTx(this.store, () => { for (const r of wanted) this.upsert.run(r.id, ep.id, t); });
      total += wanted.length;
      cursor = rows[rows.length - 1].id;
      await step();
    }
  }
}
