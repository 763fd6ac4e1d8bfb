/**
 * Polling endpoints: CRUD, their consumer keys (stored as SHA-256 hashes, shown once) and the
 * positions of their named consumers. Reading the message stream itself is message-feed.ts.
 */
import type { Store } from "./db";
import { newId } from "../lib/ids";
import { hashToken, mintKey } from "./tokens";
import { readJson, writeJson, isUniqueViolation } from "./json-column";
import { DuplicateError } from "./store-errors";
import { listPage, type Page, type PageQuery } from "./pagination";

/** Consumer keys start with this, so the API's bearer check knows which table to ask. */
export const POLLER_KEY_PREFIX = "hrp_";
/** Named consumers one polling endpoint may have: each is a row, and any key holder can name one. */
export const MAX_CONSUMERS = 1_000;

export interface PollingEndpointFields {
  uid: string | null;
  description: string;
  filterTypes: string[] | null;
  channels: string[] | null;
  /** A disabled polling endpoint refuses reads (409) until enabled again. */
  disabled: boolean;
  metadata: Record<string, string>;
}

export interface PollingEndpointRow extends PollingEndpointFields {
  id: string;
  appId: string;
  keyPrefix: string;
  createdAt: number;
  updatedAt: number;
}

/** What a consumer key opens: one polling endpoint, addressed by its or its application's id or uid. */
export interface PollerKeyOwner { id: string; uid: string | null; appId: string; appUid: string | null }

interface Raw { id: string; appId: string; uid: string | null; description: string; filterTypes: string | null; channels: string | null; disabled: number; metadata: string; keyPrefix: string; createdAt: number; updatedAt: number }
const COLS = "id, app_id AS appId, uid, description, filter_types AS filterTypes, channels, disabled, metadata, key_prefix AS keyPrefix, created_at AS createdAt, updated_at AS updatedAt";

const toRow = (r: Raw): PollingEndpointRow => ({
  ...r,
  filterTypes: readJson<string[] | null>(r.filterTypes, null),
  channels: readJson<string[] | null>(r.channels, null),
  disabled: !!r.disabled,
  metadata: readJson<Record<string, string>>(r.metadata, {}),
});

const duplicateUid = (uid: string | null) => new DuplicateError("uid", `A polling endpoint with uid "${uid}" already exists in this application`);

export class PollingEndpointStore {
  private byId;
  private byUid;
  private insert;
  private updateStmt;
  private setKey;
  private del;
  private byKey;
  private consumerAt;
  private consumerCount;
  private saveConsumer;
  private countStmt;

  constructor(private store: Store) {
    const q = store.sqlite;
    this.byId = q.query<Raw, [string, string]>(`SELECT ${COLS} FROM polling_endpoints WHERE id = ? AND app_id = ?`);
    this.byUid = q.query<Raw, [string, string]>(`SELECT ${COLS} FROM polling_endpoints WHERE app_id = ? AND uid = ?`);
    this.insert = q.query(`INSERT INTO polling_endpoints (id, app_id, uid, description, filter_types, channels, disabled, metadata, key_hash, key_prefix, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.updateStmt = q.query("UPDATE polling_endpoints SET uid = ?, description = ?, filter_types = ?, channels = ?, disabled = ?, metadata = ?, updated_at = ? WHERE id = ?");
    this.setKey = q.query("UPDATE polling_endpoints SET key_hash = ?, key_prefix = ?, updated_at = ? WHERE id = ?");
    this.del = q.query("DELETE FROM polling_endpoints WHERE id = ?");
    this.byKey = q.query<PollerKeyOwner, [string]>(`SELECT p.id, p.uid, p.app_id AS appId, a.uid AS appUid
      FROM polling_endpoints p JOIN applications a ON a.id = p.app_id WHERE p.key_hash = ?`);
    this.consumerAt = q.query<{ position: string }, [string, string]>("SELECT position FROM polling_consumers WHERE polling_endpoint_id = ? AND consumer_id = ?");
    this.consumerCount = q.query<{ n: number }, [string]>("SELECT count(*) AS n FROM polling_consumers WHERE polling_endpoint_id = ?");
    this.countStmt = q.query<{ n: number }, [string]>("SELECT count(*) AS n FROM polling_endpoints WHERE app_id = ?");
    this.saveConsumer = q.query(`INSERT INTO polling_consumers (polling_endpoint_id, consumer_id, position, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (polling_endpoint_id, consumer_id) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`);
  }

  /** Polling endpoints the application has (their quota is --max-endpoints-per-app, counted apart from endpoints). */
  countForApp(appId: string): number {
    return this.countStmt.get(appId)?.n ?? 0;
  }

  /** By id or uid, within the application; the id wins a clash. */
  get(appId: string, idOrUid: string): PollingEndpointRow | null {
    const r = this.byId.get(idOrUid, appId) ?? this.byUid.get(appId, idOrUid);
    return r ? toRow(r) : null;
  }

  /** Returns the row and its consumer key, which is not kept and cannot be shown again. */
  create(appId: string, f: PollingEndpointFields, now: number): { row: PollingEndpointRow; key: string } {
    const id = newId("poll", now);
    const { key, hash, shown } = mintKey(POLLER_KEY_PREFIX);
    try {
      this.insert.run(id, appId, f.uid, f.description, writeJson(f.filterTypes), writeJson(f.channels), f.disabled ? 1 : 0, JSON.stringify(f.metadata), hash, shown, now, now);
    } catch (e) {
      if (isUniqueViolation(e)) throw duplicateUid(f.uid);
      throw e;
    }
    return { row: { id, appId, ...f, keyPrefix: shown, createdAt: now, updatedAt: now }, key };
  }

  update(cur: PollingEndpointRow, f: PollingEndpointFields, now: number): PollingEndpointRow {
    try {
      this.updateStmt.run(f.uid, f.description, writeJson(f.filterTypes), writeJson(f.channels), f.disabled ? 1 : 0, JSON.stringify(f.metadata), now, cur.id);
    } catch (e) {
      if (isUniqueViolation(e)) throw duplicateUid(f.uid);
      throw e;
    }
    return { ...cur, ...f, updatedAt: now };
  }

  /** A new consumer key; the old one stops working at once. */
  rotateKey(cur: PollingEndpointRow, now: number): string {
    const { key, hash, shown } = mintKey(POLLER_KEY_PREFIX);
    this.setKey.run(hash, shown, now, cur.id);
    return key;
  }

  delete(cur: PollingEndpointRow): void {
    this.del.run(cur.id);
  }

  list(appId: string, page: PageQuery): Page<PollingEndpointRow> {
    const p = listPage<Raw>(this.store.sqlite, {
      select: `SELECT ${COLS} FROM polling_endpoints`, where: ["app_id = ?"], params: [appId], key: "id", keyOf: (r) => r.id,
    }, page);
    return { ...p, data: p.data.map(toRow) };
  }

  /** The polling endpoint a consumer key opens, or null. Keys are never cached: a rotation is at once. */
  ownerOfKey(key: string): PollerKeyOwner | null {
    return this.byKey.get(hashToken(key)) ?? null;
  }

  consumerPosition(pollerId: string, consumerId: string): string | null {
    return this.consumerAt.get(pollerId, consumerId)?.position ?? null;
  }

  /** @throws TooManyConsumersError for a new consumer past MAX_CONSUMERS. */
  setConsumerPosition(pollerId: string, consumerId: string, position: string, now: number): void {
    if (this.consumerAt.get(pollerId, consumerId) === null && this.consumerCount.get(pollerId)!.n >= MAX_CONSUMERS) {
      throw new TooManyConsumersError();
    }
    this.saveConsumer.run(pollerId, consumerId, position, now);
  }
}

export class TooManyConsumersError extends Error {
  constructor() { super(`A polling endpoint keeps at most ${MAX_CONSUMERS} named consumers`); }
}
