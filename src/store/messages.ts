/**
 * Outbound messages: the hot create path (prepared statements, fan-out from the in-memory
 * endpoint cache, group commit through WriteBatcher) and the read side (get, filtered lists).
 * A message and its delivery rows are committed together, before the API answers.
 */
import { writeTx, type Store } from "./db";
import { newId, idFloor } from "../lib/ids";
import { readJson, isUniqueViolation } from "./json-column";
import { DuplicateError } from "./store-errors";
import { listPage, type Page, type PageQuery } from "./pagination";
import { endpointCacheFor, endpointWants } from "./endpoint-cache";
import type { WriteBatcher } from "./write-batcher";
import { CreatedMessage, deliveryInserter, runCreating, type DeliveryHandOver } from "./hand-over";

export { CreatedMessage, settleCommitted, type DeliveryHandOver, type Reservation } from "./hand-over";

export interface NewMessage {
  appId: string;
  eventType: string;
  eventId: string | null;
  channels: string[] | null;
  tags: string[] | null;
  /** The payload as JSON text, already size-checked. */
  payload: string;
  deliverAt: number | null;
  payloadExpiresAt: number | null;
}

export interface MessageRow {
  id: string;
  appId: string;
  eventType: string;
  eventId: string | null;
  channels: string[] | null;
  tags: string[] | null;
  /** JSON text, or null when not requested or expunged. */
  payload: string | null;
  createdAt: number;
  deliverAt: number | null;
}

export interface MessageFilter {
  eventTypes?: string[];
  channel?: string;
  tag?: string;
  before?: number;
  after?: number;
  withContent: boolean;
}

export interface RawMessage { id: string; appId: string; eventType: string; eventId: string | null; channels: string | null; tags: string | null; payload: Uint8Array | string | null; createdAt: number; deliverAt: number | null }
/** The select list RawMessage reads (`m` is messages). */
export const messageCols = (withContent: boolean) =>
  `m.id, m.app_id AS appId, m.event_type AS eventType, m.event_id AS eventId, m.channels, m.tags, ${withContent ? "m.payload" : "NULL AS payload"}, m.created_at AS createdAt, m.deliver_at AS deliverAt`;

const decoder = new TextDecoder();
export const payloadText = (p: Uint8Array | string | null): string | null => (p === null ? null : typeof p === "string" ? p : decoder.decode(p));

export const toMessageRow = (r: RawMessage): MessageRow => ({
  ...r,
  channels: readJson<string[] | null>(r.channels, null),
  tags: readJson<string[] | null>(r.tags, null),
  payload: payloadText(r.payload),
});

export const newMessageId = (now: number) => newId("msg", now);

const utf8 = new TextEncoder();

/** Extra rows a caller wants in the same transaction as the message (the idempotency record). */
export type SameTransaction = () => void;

export class MessageStore {
  private insertMsg;
  private addDelivery;
  private byId;
  private byEventId;
  private expunge;
  private expungeById;
  private expungeByEventId;
  private uncommitted = new Set<string>();
  private withPayloadChunk;

  /** @param handOver the running delivery engine, when there is one (looked up per create). */
  constructor(private store: Store, private writer: WriteBatcher, private handOver: () => DeliveryHandOver | null = () => null) {
    const q = store.sqlite;
    this.insertMsg = q.prepare(`INSERT INTO messages (id, app_id, event_type, event_id, channels, tags, payload, content_type, created_at, deliver_at, payload_expires_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'application/json', ?, ?, ?)`);
    this.addDelivery = deliveryInserter(q);
    this.byId = q.query<RawMessage, [string, string]>(`SELECT ${messageCols(true)} FROM messages m WHERE m.id = ? AND m.app_id = ?`);
    this.byEventId = q.query<RawMessage, [string, string]>(`SELECT ${messageCols(true)} FROM messages m WHERE m.app_id = ? AND m.event_id = ?`);
    this.expunge = q.query("UPDATE messages SET payload = NULL WHERE id = ?");
    this.expungeById = q.query("UPDATE messages SET payload = NULL WHERE id = ? AND app_id = ?");
    this.expungeByEventId = q.query("UPDATE messages SET payload = NULL WHERE app_id = ? AND event_id = ?");
    this.withPayloadChunk = q.query<{ id: string }, [string, string]>("SELECT id FROM messages WHERE app_id = ? AND id > ? AND payload IS NOT NULL ORDER BY id LIMIT 500");
  }

  /**
   * Stores the message (id from newMessageId) and one delivery per subscribed, enabled endpoint, in
   * the next group commit. `only` restricts fan-out to one endpoint (send-example); `same` adds rows
   * to the same transaction. Resolves with the delivery count after COMMIT. Deliveries the engine
   * takes at once are written claimed and started right after COMMIT (DeliveryHandOver).
   * @throws DuplicateError when the app already has a message with this eventId.
   */
  create(id: string, m: NewMessage, now: number, opts: { only?: string; same?: SameTransaction } = {}): Promise<number> {
    this.uncommitted.add(id);
    const settled = () => { this.uncommitted.delete(id); };
    try {
      return runCreating(this.writer, () => new CreatedMessage(id, now, this.handOver()), (created) => {
        this.insertNow(id, m, now, opts.only, created);
        opts.same?.();
      }).then((c) => { settled(); return c.deliveries; }, (e) => { settled(); throw e; });
    } catch (e) {
      settled();
      throw e;
    }
  }

  /**
   * The smallest id of a message this process has begun to create but not yet committed and
   * synced, or null when there is none. Ids are taken in increasing order before their group
   * commit, and a later commit can land first; a reader that walks messages by id (message-feed.ts)
   * stops below this id, so it never steps past a message that is still on its way in.
   */
  uncommittedFloor(): string | null {
    let floor: string | null = null;
    for (const id of this.uncommitted) if (floor === null || id < floor) floor = id;
    return floor;
  }

  /**
   * The synchronous insert, for callers already inside a transaction; counts (and takes, with a
   * hand-over) into `created`. Returns the number of deliveries.
   */
  insertNow(id: string, m: NewMessage, now: number, only?: string, created = new CreatedMessage(id, now, null)): number {
    // TextEncoder, not Buffer.from: the same UTF-8 bytes in a third of the time (0.14 against 0.4 µs).
    const payload = utf8.encode(m.payload);
    try {
      this.insertMsg.run(id, m.appId, m.eventType, m.eventId, m.channels ? JSON.stringify(m.channels) : null, m.tags ? JSON.stringify(m.tags) : null,
        payload, now, m.deliverAt, m.payloadExpiresAt);
    } catch (e) {
      if (isUniqueViolation(e)) throw new DuplicateError("eventId", `A message with eventId "${m.eventId}" already exists in this application`);
      throw e;
    }
    const due = m.deliverAt ?? now;
    const handOver = due <= now ? created.handOver : null;
    created.payload = payload;
    for (const ep of endpointCacheFor(this.store).get(m.appId)) {
      if (only ? ep.id !== only : ep.disabled || !endpointWants(ep, m.eventType, m.channels)) continue;
      this.addDelivery(created, ep.id, due, now, handOver);
    }
    return created.deliveries;
  }

  /** By id, or by eventId (Svix accepts either as `{msg_id}`). */
  get(appId: string, idOrEventId: string): MessageRow | null {
    const r = this.byId.get(idOrEventId, appId) ?? this.byEventId.get(appId, idOrEventId);
    return r ? toMessageRow(r) : null;
  }

  /** Newest first by default. `after` also bounds the id (ids never predate their created_at), so it is an index range. */
  list(appId: string, f: MessageFilter, page: PageQuery): Page<MessageRow> {
    const where = ["m.app_id = ?"];
    const params: (string | number)[] = [appId];
    if (f.eventTypes?.length) { where.push("m.event_type IN (SELECT value FROM json_each(?))"); params.push(JSON.stringify(f.eventTypes)); }
    if (f.channel) { where.push("EXISTS (SELECT 1 FROM json_each(m.channels) WHERE value = ?)"); params.push(f.channel); }
    if (f.tag) { where.push("EXISTS (SELECT 1 FROM json_each(m.tags) WHERE value = ?)"); params.push(f.tag); }
    if (f.before !== undefined) { where.push("m.created_at < ?"); params.push(f.before); }
    if (f.after !== undefined) { where.push("m.id >= ? AND m.created_at > ?"); params.push(idFloor("msg", f.after), f.after); }
    const p = listPage<RawMessage>(this.store.sqlite, { select: `SELECT ${messageCols(f.withContent)} FROM messages m`, where, params, key: "m.id", keyOf: (r) => r.id }, page);
    return { ...p, data: p.data.map(toMessageRow) };
  }

  expungeContent(id: string): void {
    this.expunge.run(id);
  }

  /**
   * Expunges the payload of every message of the application (Svix's expunge-all-contents), 500 to a
   * transaction with `step` between them so the API keeps answering. Returns how many it expunged.
   */
  async expungeAll(appId: string, step: () => Promise<void>): Promise<number> {
    let cursor = "";
    let total = 0;
    for (;;) {
      const ids = this.withPayloadChunk.all(appId, cursor).map((r) => r.id);
      if (!ids.length) return total;
      writeTx(this.store, () => { for (const id of ids) total += this.expunge.run(id).changes; });
      cursor = ids[ids.length - 1];
      await step();
    }
  }

  /**
   * Expunges the payloads of an application's messages, each named by id or eventId, in one
   * transaction. Returns the names that matched a message (the others are not found).
   */
  expungeMany(appId: string, names: string[]): Set<string> {
    return writeTx(this.store, () => {
      const found = new Set<string>();
      // By UPDATE alone: reading each message first would read payloads of up to --max-payload each.
      for (const name of names) {
        if (this.expungeById.run(name, appId).changes > 0 || this.expungeByEventId.run(appId, name).changes > 0) found.add(name);
      }
      return found;
    });
  }
}
