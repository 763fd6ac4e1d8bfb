/**
 * Integrations: named keys scoped to one application (Svix's integration API). Keys are stored as
 * SHA-256 hashes and shown once, at creation and at each rotation.
 */
import type { Store } from "./db";
import { newId } from "../lib/ids";
import { hashToken, mintKey } from "./tokens";
import { readJson, writeJson } from "./json-column";
import { listPage, type Page, type PageQuery } from "./pagination";

/** Integration keys start with this, so the API's bearer check knows which table to ask. */
export const INTEGRATION_KEY_PREFIX = "hri_";

export interface IntegrationFields { name: string; featureFlags: string[] | null }
export interface IntegrationRow extends IntegrationFields { id: string; appId: string; keyPrefix: string; createdAt: number; updatedAt: number }
/** What an integration key opens: one application, by its id or uid. */
export interface IntegrationKeyOwner { id: string; name: string; appId: string; appUid: string | null }

interface Raw { id: string; appId: string; name: string; featureFlags: string | null; keyPrefix: string; createdAt: number; updatedAt: number }
const COLS = "id, app_id AS appId, name, feature_flags AS featureFlags, key_prefix AS keyPrefix, created_at AS createdAt, updated_at AS updatedAt";
const toRow = (r: Raw): IntegrationRow => ({ ...r, featureFlags: readJson<string[] | null>(r.featureFlags, null) });

export class IntegrationStore {
  private byId;
  private insert;
  private updateStmt;
  private setKey;
  private del;
  private byKey;

  constructor(private store: Store) {
    const q = store.sqlite;
    this.byId = q.query<Raw, [string, string]>(`SELECT ${COLS} FROM integrations WHERE id = ? AND app_id = ?`);
    this.insert = q.query("INSERT INTO integrations (id, app_id, name, feature_flags, key_hash, key_prefix, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    this.updateStmt = q.query("UPDATE integrations SET name = ?, feature_flags = ?, updated_at = ? WHERE id = ?");
    this.setKey = q.query("UPDATE integrations SET key_hash = ?, key_prefix = ?, updated_at = ? WHERE id = ?");
    this.del = q.query("DELETE FROM integrations WHERE id = ?");
    this.byKey = q.query<IntegrationKeyOwner, [string]>(`SELECT i.id, i.name, i.app_id AS appId, a.uid AS appUid
      FROM integrations i JOIN applications a ON a.id = i.app_id WHERE i.key_hash = ?`);
  }

  get(appId: string, id: string): IntegrationRow | null {
    const r = this.byId.get(id, appId);
    return r ? toRow(r) : null;
  }

  /** Returns the row and its key, which is not kept and cannot be shown again. */
  create(appId: string, f: IntegrationFields, now: number): { row: IntegrationRow; key: string } {
    const id = newId("integ", now);
    const { key, hash, shown } = mintKey(INTEGRATION_KEY_PREFIX);
    this.insert.run(id, appId, f.name, writeJson(f.featureFlags), hash, shown, now, now);
    return { row: { id, appId, ...f, keyPrefix: shown, createdAt: now, updatedAt: now }, key };
  }

  update(cur: IntegrationRow, f: IntegrationFields, now: number): IntegrationRow {
    this.updateStmt.run(f.name, writeJson(f.featureFlags), now, cur.id);
    return { ...cur, ...f, updatedAt: now };
  }

  /** A new key; the old one stops working at once. */
  rotateKey(cur: IntegrationRow, now: number): string {
    const { key, hash, shown } = mintKey(INTEGRATION_KEY_PREFIX);
    this.setKey.run(hash, shown, now, cur.id);
    return key;
  }

  delete(cur: IntegrationRow): void {
    this.del.run(cur.id);
  }

  list(appId: string, page: PageQuery): Page<IntegrationRow> {
    const p = listPage<Raw>(this.store.sqlite, { select: `SELECT ${COLS} FROM integrations`, where: ["app_id = ?"], params: [appId], key: "id", keyOf: (r) => r.id }, page);
    return { ...p, data: p.data.map(toRow) };
  }

  /** The integration a key belongs to, or null. Never cached: a rotation or delete is at once. */
  ownerOfKey(key: string): IntegrationKeyOwner | null {
    return this.byKey.get(hashToken(key)) ?? null;
  }
}
