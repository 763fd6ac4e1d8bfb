/**
 * An application's messages as a stream, for polling endpoints: read in id order (ids sort by
 * creation time) from a position, the id of the last message a consumer was handed. The walk goes
 * through messages_app_idx and stops below `horizon`, the oldest message still being committed
 * (MessageStore.uncommittedFloor), so a message that commits after a newer one is never skipped.
 */
import type { Store } from "./db";
import { idFloor } from "../lib/ids";
import { messageCols, toMessageRow, type MessageRow, type RawMessage } from "./messages";
import { readJson } from "./json-column";

/** Which messages a poll hands out: the polling endpoint's own filter, narrowed by the request's. */
export interface FeedFilter {
  /** Event types the polling endpoint takes; null = all. */
  filterTypes: ReadonlySet<string> | null;
  /** A message must carry one of these channels; null = any message. */
  channels: ReadonlySet<string> | null;
  /** The request's own `event_type` and `channel`, or null. */
  eventType: string | null;
  channel: string | null;
}

export interface FeedPage {
  data: MessageRow[];
  /** Where the next poll starts: the last message looked at, handed out or not. */
  position: string;
  /** Nothing more to read now. */
  done: boolean;
}

/** A position: a message id, or the floor of a time (idFloor). */
export const FEED_POSITION_RE = /^msg_[0-9A-Za-z]{23}$/;
/** Sorts after every message id ('~' is above the base62 alphabet). */
const TOP = "msg_~";
/** Rows read per statement, and at most per poll: a narrow filter over a long stretch of other
 * messages answers with what it found so far (and `done: false`) instead of holding the thread. */
const CHUNK = 256;
const SCAN_BUDGET = 4_096;

/**
 * The position of a record made by this process's id generator (a polling endpoint's own id): ids of
 * every prefix come from one increasing sequence, so every message created before it sorts below
 * and every later one above, even when the clock stepped back in between.
 */
export const feedPositionOf = (id: string): string => `msg_${id.slice(id.indexOf("_") + 1)}`;

/** The position just before every message created at or after `ms`. */
export const feedPositionAt = (ms: number): string => idFloor("msg", ms);

export class MessageFeed {
  private scan;
  private full;

  constructor(store: Store) {
    const q = store.sqlite;
    this.scan = q.query<{ id: string; eventType: string; channels: string | null }, [string, string, string, number]>(
      "SELECT id, event_type AS eventType, channels FROM messages WHERE app_id = ? AND id > ? AND id < ? ORDER BY id LIMIT ?");
    this.full = q.query<RawMessage, [string]>(`SELECT ${messageCols(true)} FROM messages m WHERE m.id = ?`);
  }

  read(appId: string, position: string, limit: number, filter: FeedFilter, horizon: string | null): FeedPage {
    const below = horizon ?? TOP;
    const picked: string[] = [];
    let at = position;
    let scanned = 0;
    let done = false;
    while (picked.length < limit) {
      const rows = this.scan.all(appId, at, below, Math.min(CHUNK, SCAN_BUDGET - scanned));
      for (const r of rows) {
        at = r.id;
        if (wants(filter, r.eventType, r.channels)) {
          picked.push(r.id);
          if (picked.length === limit) break;
        }
      }
      scanned += rows.length;
      if (rows.length < CHUNK && picked.length < limit && scanned < SCAN_BUDGET) { done = true; break; }
      if (scanned >= SCAN_BUDGET) break;
    }
    // Payloads are read only for what is handed out (a scanned row may carry up to --max-payload).
    const data: MessageRow[] = [];
    for (const id of picked) {
      const r = this.full.get(id);
      if (r) data.push(toMessageRow(r));
    }
    return { data, position: at, done };
  }
}

function wants(f: FeedFilter, eventType: string, channelsText: string | null): boolean {
  if (f.filterTypes && !f.filterTypes.has(eventType)) return false;
  if (f.eventType !== null && f.eventType !== eventType) return false;
  if (f.channels === null && f.channel === null) return true;
  const channels = readJson<string[] | null>(channelsText, null);
  if (!channels) return false;
  if (f.channels && !channels.some((c) => f.channels!.has(c))) return false;
  return f.channel === null || channels.includes(f.channel);
}
