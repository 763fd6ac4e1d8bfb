// Endpoints of applications: CRUD, sealed signing secrets with rotation, custom headers (sealed too:
// they carry the receiver's credentials; see seal-at-rest.ts).
// Fan-out reads go through EndpointCache (endpoint-cache.ts), which every write here invalidates.
import type { Store } from "./db";
import type { SecretBox } from "../lib/secret-box";
import { newId } from "../lib/ids";
import { readJson, isUniqueViolation } from "./json-column";
import { DuplicateError } from "./store-errors";
import { listPage, type Page, type PageQuery } from "./pagination";
import { endpointCacheFor } from "./endpoint-cache";
import { openHeaders, sealHeaders } from "./seal-at-rest";

export interface EndpointRow {
  id: string;
  appId: string;
  uid: string | null;
  url: string;
  description: string;
  version: number;
  disabled: boolean;
  disabledReason: string | null;
  throttleRate: number | null;
  maxInFlight: number | null;
  filterTypes: string[] | null;
  channels: string[] | null;
  headers: Record<string, string>;
  metadata: Record<string, string>;
  retrySchedule: number[] | null;
  timeoutMs: number | null;
  createdAt: number;
  updatedAt: number;
}

/** What a client may set (create, PUT, PATCH all end in a full set of these). */
export type EndpointFields = Omit<EndpointRow, "id" | "appId" | "createdAt" | "updatedAt" | "disabledReason">;

export interface PreviousSecret { enc: string; expiresAt: number }

interface Raw {
  id: string; appId: string; uid: string | null; url: string; description: string; version: number; disabled: number;
  disabledReason: string | null; throttleRate: number | null; maxInFlight: number | null; filterTypes: string | null;
  channels: string | null; headers: string; metadata: string; retrySchedule: string | null; timeoutMs: number | null;
  createdAt: number; updatedAt: number;
}

const COLS = `id, app_id AS appId, uid, url, description, version, disabled, disabled_reason AS disabledReason,
  throttle_rate AS throttleRate, max_in_flight AS maxInFlight, filter_types AS filterTypes, channels, headers, metadata,
  retry_schedule AS retrySchedule, timeout_ms AS timeoutMs, created_at AS createdAt, updated_at AS updatedAt`;

const toRow = (r: Raw, box: SecretBox): EndpointRow => ({
  ...r,
  disabled: !!r.disabled,
  filterTypes: readJson<string[] | null>(r.filterTypes, null),
  channels: readJson<string[] | null>(r.channels, null),
  headers: openHeaders(box, r.headers),
  metadata: readJson(r.metadata, {}),
  retrySchedule: readJson<number[] | null>(r.retrySchedule, null),
});

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
/** Svix keeps at most this many rotated-out secrets alive at once. */
const MAX_PREVIOUS_SECRETS = 10;

export class EndpointStore {
  private byId;
  private byUid;
  private insert;
  private updateStmt;
  private del;
  private secretRow;
  private setSecrets;
  private setHeadersStmt;

  constructor(private store: Store, private box: SecretBox) {
    const q = store.sqlite;
    this.byId = q.query<Raw, [string, string]>(`SELECT ${COLS} FROM endpoints WHERE id = ? AND app_id = ?`);
    this.byUid = q.query<Raw, [string, string]>(`SELECT ${COLS} FROM endpoints WHERE app_id = ? AND uid = ?`);
    this.insert = q.query(`INSERT INTO endpoints (id, app_id, uid, url, description, version, disabled, disabled_reason, throttle_rate, max_in_flight,
      filter_types, channels, headers, metadata, secret_enc, previous_secrets, retry_schedule, timeout_ms, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?)`);
    // Re-enabling clears the engine's failure bookkeeping so auto-disable starts afresh.
    this.updateStmt = q.query(`UPDATE endpoints SET uid = $uid, url = $url, description = $description, version = $version, disabled = $disabled,
      disabled_reason = CASE WHEN $disabled THEN coalesce(disabled_reason, 'manual') ELSE NULL END,
      failing_since = CASE WHEN $disabled THEN failing_since ELSE NULL END,
      throttle_rate = $throttleRate, max_in_flight = $maxInFlight, filter_types = $filterTypes, channels = $channels, headers = $headers,
      metadata = $metadata, retry_schedule = $retrySchedule, timeout_ms = $timeoutMs, updated_at = $now
      WHERE id = $id`);
    this.del = q.query("DELETE FROM endpoints WHERE id = ?");
    this.secretRow = q.query<{ secretEnc: string; previousSecrets: string }, [string]>("SELECT secret_enc AS secretEnc, previous_secrets AS previousSecrets FROM endpoints WHERE id = ?");
    this.setSecrets = q.query("UPDATE endpoints SET secret_enc = ?, previous_secrets = ?, updated_at = ? WHERE id = ?");
    this.setHeadersStmt = q.query("UPDATE endpoints SET headers = ?, updated_at = ? WHERE id = ?");
  }

  get(appId: string, idOrUid: string): EndpointRow | null {
    const r = this.byId.get(idOrUid, appId) ?? this.byUid.get(appId, idOrUid);
    return r ? toRow(r, this.box) : null;
  }

  create(appId: string, f: EndpointFields, secret: string, now: number): EndpointRow {
    const id = newId("ep", now);
    try {
      this.insert.run(id, appId, f.uid, f.url, f.description, f.version, f.disabled ? 1 : 0, f.disabled ? "manual" : null, f.throttleRate, f.maxInFlight,
        json(f.filterTypes), json(f.channels), sealHeaders(this.box, f.headers), JSON.stringify(f.metadata), this.box.seal(secret), json(f.retrySchedule), f.timeoutMs, now, now);
    } catch (e) {
      if (isUniqueViolation(e)) throw new DuplicateError("uid", `An endpoint with uid "${f.uid}" already exists in this application`);
      throw e;
    }
    endpointCacheFor(this.store).invalidate(appId);
    return { id, appId, ...f, disabledReason: f.disabled ? "manual" : null, createdAt: now, updatedAt: now };
  }

  update(cur: EndpointRow, f: EndpointFields, now: number): EndpointRow {
    try {
      this.updateStmt.run({
        uid: f.uid, url: f.url, description: f.description, version: f.version, disabled: f.disabled ? 1 : 0, throttleRate: f.throttleRate,
        maxInFlight: f.maxInFlight, filterTypes: json(f.filterTypes), channels: json(f.channels), headers: sealHeaders(this.box, f.headers),
        metadata: JSON.stringify(f.metadata), retrySchedule: json(f.retrySchedule), timeoutMs: f.timeoutMs, now, id: cur.id,
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new DuplicateError("uid", `An endpoint with uid "${f.uid}" already exists in this application`);
      throw e;
    }
    endpointCacheFor(this.store).invalidate(cur.appId);
    return this.get(cur.appId, cur.id)!;
  }

  delete(ep: EndpointRow): void {
    this.del.run(ep.id);
    endpointCacheFor(this.store).invalidate(ep.appId);
  }

  setHeaders(ep: EndpointRow, headers: Record<string, string>, now: number): void {
    this.setHeadersStmt.run(sealHeaders(this.box, headers), now, ep.id);
  }

  list(appId: string, page: PageQuery): Page<EndpointRow> {
    const p = listPage<Raw>(this.store.sqlite, {
      select: `SELECT ${COLS} FROM endpoints`, where: ["app_id = ?"], params: [appId], key: "id", keyOf: (r) => r.id,
    }, page);
    return { ...p, data: p.data.map((r) => toRow(r, this.box)) };
  }

  /** The current signing secret in clear (the API's GET …/secret). */
  secret(ep: EndpointRow): string {
    return this.box.open(this.secretRow.get(ep.id)!.secretEnc);
  }

  /**
   * Makes `next` the signing secret; the old one keeps signing until `now + graceMs`
   * (receivers see one signature per live secret during that window).
   */
  rotate(ep: EndpointRow, next: string, graceMs: number, now: number): void {
    const row = this.secretRow.get(ep.id)!;
    const kept = readJson<PreviousSecret[]>(row.previousSecrets, []).filter((p) => p.expiresAt > now);
    const previous = graceMs > 0 ? [{ enc: row.secretEnc, expiresAt: now + graceMs }, ...kept] : kept;
    this.setSecrets.run(this.box.seal(next), JSON.stringify(previous.slice(0, MAX_PREVIOUS_SECRETS)), now, ep.id);
  }

  /** Rotated-out secrets still inside their grace period (for tests and the UI; the engine reads the row itself). */
  previousSecrets(ep: EndpointRow, now: number): { secret: string; expiresAt: number }[] {
    const row = this.secretRow.get(ep.id)!;
    return readJson<PreviousSecret[]>(row.previousSecrets, []).filter((p) => p.expiresAt > now).map((p) => ({ secret: this.box.open(p.enc), expiresAt: p.expiresAt }));
  }
}
