// Applications (one per customer, Svix's model): lookups by id or uid, CRUD and keyset listing.
import type { Store } from "./db";
import { newId } from "../lib/ids";
import { readJson, isUniqueViolation } from "./json-column";
import { DuplicateError } from "./store-errors";
import { listPage, type Page, type PageQuery } from "./pagination";

export interface AppRow {
  id: string;
  uid: string | null;
  name: string;
  rateLimit: number | null;
  metadata: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

export interface AppFields {
  name: string;
  uid: string | null;
  rateLimit: number | null;
  metadata: Record<string, string>;
}

type Raw = Omit<AppRow, "metadata"> & { metadata: string };
const COLS = "id, uid, name, rate_limit AS rateLimit, metadata, created_at AS createdAt, updated_at AS updatedAt";
const toRow = (r: Raw): AppRow => ({ ...r, metadata: readJson(r.metadata, {}) });

export interface AppListFilter {
  excludeWithoutEndpoints?: boolean;
  excludeWithDisabledEndpoints?: boolean;
}

/** Bound on the id cache; past it the cache starts over (apps are few; this only caps memory). */
const ID_CACHE_MAX = 10_000;

export class ApplicationStore {
  /** id-or-uid → id for the message hot path. Only hits are cached; every update/delete clears it. */
  private ids = new Map<string, string>();
  private byId;
  private byUid;
  private insert;
  private updateStmt;
  private del;

  constructor(private store: Store) {
    const q = store.sqlite;
    this.byId = q.query<Raw, [string]>(`SELECT ${COLS} FROM applications WHERE id = ?`);
    this.byUid = q.query<Raw, [string]>(`SELECT ${COLS} FROM applications WHERE uid = ?`);
    this.insert = q.query("INSERT INTO applications (id, uid, name, rate_limit, metadata, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    this.updateStmt = q.query("UPDATE applications SET uid = ?, name = ?, rate_limit = ?, metadata = ?, updated_at = ? WHERE id = ?");
    this.del = q.query("DELETE FROM applications WHERE id = ?");
  }

  /** Svix accepts either the id or the uid wherever it takes `{app_id}`; the id wins a clash. */
  get(idOrUid: string): AppRow | null {
    const r = this.byId.get(idOrUid) ?? this.byUid.get(idOrUid);
    return r ? toRow(r) : null;
  }

  /** The application id for an id or uid, from memory when possible (message create calls this per request). */
  resolveId(idOrUid: string): string | null {
    const hit = this.ids.get(idOrUid);
    if (hit) return hit;
    const row = this.get(idOrUid);
    if (!row) return null;
    if (this.ids.size >= ID_CACHE_MAX) this.ids.clear();
    this.ids.set(idOrUid, row.id);
    return row.id;
  }

  create(f: AppFields, now: number): AppRow {
    const id = newId("app", now);
    try {
      this.insert.run(id, f.uid, f.name, f.rateLimit, JSON.stringify(f.metadata), now, now);
    } catch (e) {
      if (isUniqueViolation(e)) throw new DuplicateError("uid", `An application with uid "${f.uid}" already exists`);
      throw e;
    }
    return { id, ...f, createdAt: now, updatedAt: now };
  }

  update(cur: AppRow, f: AppFields, now: number): AppRow {
    this.ids.clear();
    try {
      this.updateStmt.run(f.uid, f.name, f.rateLimit, JSON.stringify(f.metadata), now, cur.id);
    } catch (e) {
      if (isUniqueViolation(e)) throw new DuplicateError("uid", `An application with uid "${f.uid}" already exists`);
      throw e;
    }
    return { ...cur, ...f, updatedAt: now };
  }

  /** Deleting an application cascades to its endpoints, messages, deliveries and attempts. */
  delete(id: string): boolean {
    this.ids.clear();
    return this.del.run(id).changes > 0;
  }

  list(page: PageQuery, filter: AppListFilter = {}): Page<AppRow> {
    const where: string[] = [];
    if (filter.excludeWithoutEndpoints) where.push("EXISTS (SELECT 1 FROM endpoints e WHERE e.app_id = a.id)");
    if (filter.excludeWithDisabledEndpoints) where.push("NOT EXISTS (SELECT 1 FROM endpoints e WHERE e.app_id = a.id AND e.disabled = 1)");
    const p = listPage<Raw>(this.store.sqlite, {
      select: `SELECT ${COLS.replace(/(^|, )(\w+)/g, "$1a.$2")} FROM applications a`,
      where, params: [], key: "a.id", keyOf: (r) => r.id,
    }, page);
    return { ...p, data: p.data.map(toRow) };
  }
}
