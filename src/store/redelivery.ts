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

/** bulk-replay's filters over an endpoint's deliveries (each optional). */
export interface ReplayFilter {
  /** Delivery states to replay: success, pending, failed (a pair being sent is never touched). */
  statuses: ReadonlySet<string> | null;
  /** 0 (no response), 100, 200, 300, 400 or 500: the class of the last attempt's status code. */
  statusCodeClass: number | null;
  eventTypes: ReadonlySet<string> | null;
  channel: string | null;
  tag: string | null;
}

interface ReplayRow { id: number; status: string; code: number | null; eventType: string; channels: string | null; tags: string | null }

function replays(f: ReplayFilter, r: ReplayRow): boolean {
  if (r.status === "sending") return false;
  if (f.statuses && !f.statuses.has(r.status)) return false;
  if (f.statusCodeClass !== null && (r.code ? Math.floor(r.code / 100) * 100 : 0) !== f.statusCodeClass) return false;
  if (f.eventTypes && !f.eventTypes.has(r.eventType)) return false;
  if (f.channel !== null && !readJson<string[]>(r.channels, []).includes(f.channel)) return false;
  return f.tag === null || readJson<string[]>(r.tags, []).includes(f.tag);
}

export class Redelivery {
  private upsert;
  private failedChunk;
  private missingChunk;
  private requeue;
  private replayChunk;
  private replay;

  constructor(private store: Store) {
    const q = store.sqlite;
    this.upsert = q.prepare(`INSERT INTO deliveries (message_id, endpoint_id, status, attempt_count, next_attempt_at, manual, created_at, updated_at)
      VALUES (?1, ?2, 'pending', 0, ?3, 1, ?3, ?3)
      ON CONFLICT (message_id, endpoint_id) DO UPDATE SET status = 'pending', next_attempt_at = ?3, manual = 1, updated_at = ?3`);
    this.requeue = q.prepare("UPDATE deliveries SET status = 'pending', next_attempt_at = ?1, manual = 1, updated_at = ?1 WHERE id = ?2 AND status = 'failed'");
    this.failedChunk = q.prepare<{ id: number }, [string, number, number, number]>(`SELECT d.id FROM deliveries d JOIN messages m ON m.id = d.message_id
      WHERE d.endpoint_id = ? AND d.status = 'failed' AND d.id > ? AND m.created_at >= ? AND m.created_at < ? ORDER BY d.id LIMIT ${CHUNK}`);
    this.replayChunk = q.prepare<ReplayRow, [string, number, number, number]>(`SELECT d.id, d.status, d.last_status_code AS code, m.event_type AS eventType, m.channels, m.tags
      FROM deliveries d JOIN messages m ON m.id = d.message_id
      WHERE d.endpoint_id = ? AND d.id > ? AND m.created_at >= ? AND m.created_at < ? ORDER BY d.id LIMIT ${CHUNK}`);
    this.replay = q.prepare("UPDATE deliveries SET status = 'pending', next_attempt_at = ?1, manual = 1, updated_at = ?1 WHERE id = ?2 AND status <> 'sending'");
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

  /**
   * bulk-replay: queues again every pair of this endpoint whose message was created in the window
   * and that passes the filter, whatever its outcome was. One short transaction per chunk.
   */
  async replayMatching(endpointId: string, w: Window, f: ReplayFilter, now: () => number, step: () => Promise<void>): Promise<number> {
    let cursor = 0;
    let total = 0;
    for (;;) {
      const rows = this.replayChunk.all(endpointId, cursor, w.since, w.until);
      if (!rows.length) return total;
      const ids = rows.filter((r) => replays(f, r)).map((r) => r.id);
      const t = now();
      if (ids.length) writeTx(this.store, () => { for (const id of ids) total += this.replay.run(t, id).changes; });
      cursor = rows[rows.length - 1].id;
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
