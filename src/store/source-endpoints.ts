// Endpoints of inbound sources (endpoints rows with source_id set, app_id NULL): CRUD, sealed secrets
// with rotation, custom headers (sealed, see seal-at-rest.ts) and the per-endpoint filter. Listener endpoints (`hookrelay listen`)
// live in the same table with a `listen://<name>` url and are kept out of everything here.
import type { Store } from "./db";
import type { SecretBox } from "../lib/secret-box";
import { newId } from "../lib/ids";
import { readJson } from "./json-column";
import { DuplicateError } from "./store-errors";
import { listPage, type Page, type PageQuery } from "./pagination";
import { openHeaders, sealHeaders } from "./seal-at-rest";

export const LISTENER_URL_PREFIX = "listen://";

export interface SourceEndpointRow {
  id: string;
  sourceId: string;
  uid: string | null;
  url: string;
  description: string;
  disabled: boolean;
  throttleRate: number | null;
  headers: Record<string, string>;
  filter: Record<string, unknown> | null;
  metadata: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

export type SourceEndpointFields = Omit<SourceEndpointRow, "id" | "sourceId" | "createdAt" | "updatedAt">;

/** What the ingest path needs per endpoint: enough to evaluate the filter. */
export interface FanoutTarget { id: string; disabled: boolean; filter: string | null }

interface PreviousSecret { enc: string; expiresAt: number }

interface Raw {
  id: string; sourceId: string; uid: string | null; url: string; description: string; disabled: number; throttleRate: number | null;
  headers: string; filter: string | null; metadata: string; createdAt: number; updatedAt: number;
}

const COLS = `id, source_id AS sourceId, uid, url, description, disabled, throttle_rate AS throttleRate, headers, filter, metadata,
  created_at AS createdAt, updated_at AS updatedAt`;
const MINE = `source_id = ? AND app_id IS NULL AND url NOT LIKE '${LISTENER_URL_PREFIX}%'`;
const MAX_PREVIOUS_SECRETS = 10;

const toRow = (r: Raw, box: SecretBox): SourceEndpointRow => ({
  ...r, disabled: !!r.disabled, headers: openHeaders(box, r.headers), filter: readJson(r.filter, null), metadata: readJson(r.metadata, {}),
});

export class SourceEndpointStore {
  private byId;
  private byUid;
  private fanoutStmt;
  private insert;
  private updateStmt;
  private secretRow;
  private setSecrets;
  private setHeadersStmt;

  constructor(private store: Store, private box: SecretBox) {
    const q = store.sqlite;
    this.byId = q.query<Raw, [string, string]>(`SELECT ${COLS} FROM endpoints WHERE id = ? AND ${MINE}`);
    this.byUid = q.query<Raw, [string, string]>(`SELECT ${COLS} FROM endpoints WHERE uid = ? AND ${MINE}`);
    this.fanoutStmt = q.query<{ id: string; disabled: number; filter: string | null }, [string]>(
      `SELECT id, disabled, filter FROM endpoints WHERE ${MINE} ORDER BY id`);
    this.insert = q.query(`INSERT INTO endpoints (id, app_id, source_id, uid, url, description, disabled, disabled_reason, throttle_rate, headers, filter,
      metadata, secret_enc, previous_secrets, created_at, updated_at) VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?)`);
    this.updateStmt = q.query(`UPDATE endpoints SET uid = $uid, url = $url, description = $description, disabled = $disabled,
      disabled_reason = CASE WHEN $disabled THEN coalesce(disabled_reason, 'manual') ELSE NULL END,
      failing_since = CASE WHEN $disabled THEN failing_since ELSE NULL END,
      throttle_rate = $throttleRate, headers = $headers, filter = $filter, metadata = $metadata, updated_at = $now WHERE id = $id`);
    this.secretRow = q.query<{ secretEnc: string; previousSecrets: string }, [string]>(
      "SELECT secret_enc AS secretEnc, previous_secrets AS previousSecrets FROM endpoints WHERE id = ?");
    this.setSecrets = q.query("UPDATE endpoints SET secret_enc = ?, previous_secrets = ?, updated_at = ? WHERE id = ?");
    this.setHeadersStmt = q.query("UPDATE endpoints SET headers = ?, updated_at = ? WHERE id = ?");
  }

  get(sourceId: string, idOrUid: string): SourceEndpointRow | null {
    const r = this.byId.get(idOrUid, sourceId) ?? this.byUid.get(idOrUid, sourceId);
    return r ? toRow(r, this.box) : null;
  }

  list(sourceId: string, page: PageQuery): Page<SourceEndpointRow> {
    const p = listPage<Raw>(this.store.sqlite, {
      select: `SELECT ${COLS} FROM endpoints`, where: [MINE], params: [sourceId], key: "id", keyOf: (r) => r.id,
    }, page);
    return { ...p, data: p.data.map((r) => toRow(r, this.box)) };
  }

  /** Every forwarding endpoint of a source, for the ingest fan-out (one indexed query per request). */
  fanout(sourceId: string): FanoutTarget[] {
    return this.fanoutStmt.all(sourceId).map((r) => ({ id: r.id, disabled: !!r.disabled, filter: r.filter }));
  }

  create(sourceId: string, f: SourceEndpointFields, secret: string, now: number): SourceEndpointRow {
    // endpoints(app_id, uid) is unique only for apps (NULL app_ids never collide), so source uids are checked here.
    if (f.uid && this.byUid.get(f.uid, sourceId)) throw new DuplicateError("uid", `An endpoint with uid "${f.uid}" already exists for this source`);
    const id = newId("ep", now);
    this.insert.run(id, sourceId, f.uid, f.url, f.description, f.disabled ? 1 : 0, f.disabled ? "manual" : null, f.throttleRate,
      sealHeaders(this.box, f.headers), f.filter ? JSON.stringify(f.filter) : null, JSON.stringify(f.metadata), this.box.seal(secret), now, now);
    return { id, sourceId, ...f, createdAt: now, updatedAt: now };
  }

  update(cur: SourceEndpointRow, f: SourceEndpointFields, now: number): SourceEndpointRow {
    const clash = f.uid ? this.byUid.get(f.uid, cur.sourceId) : null;
    if (clash && clash.id !== cur.id) throw new DuplicateError("uid", `An endpoint with uid "${f.uid}" already exists for this source`);
    this.updateStmt.run({
      uid: f.uid, url: f.url, description: f.description, disabled: f.disabled ? 1 : 0, throttleRate: f.throttleRate,
      headers: sealHeaders(this.box, f.headers), filter: f.filter ? JSON.stringify(f.filter) : null, metadata: JSON.stringify(f.metadata), now, id: cur.id,
    });
    return { ...cur, ...f, updatedAt: now };
  }

  delete(ep: SourceEndpointRow): void {
    this.store.sqlite.run("DELETE FROM endpoints WHERE id = ?", [ep.id]);
  }

  setHeaders(ep: SourceEndpointRow, headers: Record<string, string>, now: number): void {
    this.setHeadersStmt.run(sealHeaders(this.box, headers), now, ep.id);
  }

  secret(ep: SourceEndpointRow): string {
    return this.box.open(this.secretRow.get(ep.id)!.secretEnc);
  }

  /** Makes `next` the signing secret; the old one keeps signing for graceMs, as for outbound endpoints. */
  rotate(ep: SourceEndpointRow, next: string, graceMs: number, now: number): void {
    const row = this.secretRow.get(ep.id)!;
    const kept = readJson<PreviousSecret[]>(row.previousSecrets, []).filter((p) => p.expiresAt > now);
    const previous = graceMs > 0 ? [{ enc: row.secretEnc, expiresAt: now + graceMs }, ...kept] : kept;
    this.setSecrets.run(this.box.seal(next), JSON.stringify(previous.slice(0, MAX_PREVIOUS_SECRETS)), now, ep.id);
  }
}

const cache = new WeakMap<Store, SourceEndpointStore>();
export function sourceEndpointStoreFor(store: Store, box: SecretBox): SourceEndpointStore {
  let s = cache.get(store);
  if (!s) cache.set(store, (s = new SourceEndpointStore(store, box)));
  return s;
}
