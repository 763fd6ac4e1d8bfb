// Inbound sources: CRUD, token lookups (prepared once: every ingest request does one), token rotation.
// The provider config is stored sealed (config_enc); callers seal and open it with the SecretBox.
// The URL tokens are stored as SHA-256 hashes (what lookups match) plus a sealed copy (what the
// ingest and stream URLs are shown from); see seal-at-rest.ts.
import type { Store } from "./db";
import { writeTx } from "./db";
import type { SecretBox } from "../lib/secret-box";
import { readJson, isUniqueViolation } from "./json-column";
import { tokenHash } from "./seal-at-rest";
import { DuplicateError } from "./store-errors";
import { listPage, type Page, type PageQuery } from "./pagination";

export interface SourceRow {
  id: string;
  uid: string | null;
  name: string;
  type: string;
  configEnc: string;
  /** The ingest URL's token, sealed (plain only in a row an older binary wrote, until the startup conversion). Open with openToken(). */
  ingestTokenSealed: string;
  /** The stream URL's token, likewise. */
  streamTokenSealed: string;
  options: Record<string, unknown>;
  metadata: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

export type SourceFields = Pick<SourceRow, "uid" | "name" | "type" | "configEnc" | "options" | "metadata">;

interface Raw extends Omit<SourceRow, "options" | "metadata" | "ingestTokenSealed" | "streamTokenSealed"> {
  options: string; metadata: string; ingestEnc: string | null; ingestCol: string; streamEnc: string | null; streamCol: string;
}

const COLS = `id, uid, name, type, config_enc AS configEnc, ingest_token_enc AS ingestEnc, ingest_token AS ingestCol,
  stream_token_enc AS streamEnc, stream_token AS streamCol, options, metadata, created_at AS createdAt, updated_at AS updatedAt`;

const toRow = ({ ingestEnc, ingestCol, streamEnc, streamCol, ...r }: Raw): SourceRow => ({
  ...r, options: readJson(r.options, {}), metadata: readJson(r.metadata, {}),
  // Converted rows hold the hash in *_col; unconverted ones the plain token (and NULL in *_enc).
  ingestTokenSealed: ingestEnc ?? ingestCol, streamTokenSealed: streamEnc ?? streamCol,
});

export class SourceStore {
  private byId;
  private byUid;
  private byIngest;
  private byStream;
  private insert;
  private updateStmt;
  private setIngest;
  private setStream;

  constructor(private store: Store, private box: SecretBox) {
    const q = store.sqlite;
    this.byId = q.query<Raw, [string]>(`SELECT ${COLS} FROM sources WHERE id = ?`);
    this.byUid = q.query<Raw, [string]>(`SELECT ${COLS} FROM sources WHERE uid = ?`);
    this.byIngest = q.query<Raw, [string]>(`SELECT ${COLS} FROM sources WHERE ingest_token = ?`);
    this.byStream = q.query<Raw, [string]>(`SELECT ${COLS} FROM sources WHERE stream_token = ?`);
    this.insert = q.query(`INSERT INTO sources (id, uid, name, type, config_enc, ingest_token, ingest_token_enc, stream_token, stream_token_enc,
      options, metadata, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.updateStmt = q.query(`UPDATE sources SET uid = ?, name = ?, type = ?, config_enc = ?, options = ?, metadata = ?, updated_at = ? WHERE id = ?`);
    this.setIngest = q.query("UPDATE sources SET ingest_token = ?, ingest_token_enc = ?, updated_at = ? WHERE id = ?");
    this.setStream = q.query("UPDATE sources SET stream_token = ?, stream_token_enc = ?, updated_at = ? WHERE id = ?");
  }

  /** By id, or by uid (the Svix API accepts either in the path). */
  get(idOrUid: string): SourceRow | null {
    const r = this.byId.get(idOrUid) ?? this.byUid.get(idOrUid);
    return r ? toRow(r) : null;
  }

  /** The source whose ingest URL carries `token` (matched by hash: the token itself is not stored). */
  byIngestToken(token: string | null | undefined): SourceRow | null {
    // A path segment the router could not decode ("%ff") arrives as null: no source has it.
    if (typeof token !== "string") return null;
    const r = this.byIngest.get(tokenHash(token));
    return r ? toRow(r) : null;
  }

  byStreamToken(token: string | null | undefined): SourceRow | null {
    if (typeof token !== "string") return null;
    const r = this.byStream.get(tokenHash(token));
    return r ? toRow(r) : null;
  }

  list(q: PageQuery): Page<SourceRow> {
    const page = listPage<Raw>(this.store.sqlite, { select: `SELECT ${COLS} FROM sources`, where: [], params: [], key: "id", keyOf: (r) => r.id }, q);
    return { ...page, data: page.data.map(toRow) };
  }

  create(id: string, f: SourceFields, tokens: { ingest: string; stream: string }, now: number): SourceRow {
    const ingest = { hash: tokenHash(tokens.ingest), enc: this.box.seal(tokens.ingest) };
    const stream = { hash: tokenHash(tokens.stream), enc: this.box.seal(tokens.stream) };
    try {
      this.insert.run(id, f.uid, f.name, f.type, f.configEnc, ingest.hash, ingest.enc, stream.hash, stream.enc, JSON.stringify(f.options), JSON.stringify(f.metadata), now, now);
    } catch (e) {
      if (isUniqueViolation(e)) throw new DuplicateError("uid", `A source with uid "${f.uid}" already exists`);
      throw e;
    }
    return { id, ...f, ingestTokenSealed: ingest.enc, streamTokenSealed: stream.enc, createdAt: now, updatedAt: now };
  }

  update(cur: SourceRow, f: SourceFields, now: number): SourceRow {
    try {
      this.updateStmt.run(f.uid, f.name, f.type, f.configEnc, JSON.stringify(f.options), JSON.stringify(f.metadata), now, cur.id);
    } catch (e) {
      if (isUniqueViolation(e)) throw new DuplicateError("uid", `A source with uid "${f.uid}" already exists`);
      throw e;
    }
    return { ...cur, ...f, updatedAt: now };
  }

  rotateIngestToken(id: string, token: string, now: number): void { this.setIngest.run(tokenHash(token), this.box.seal(token), now, id); }
  rotateStreamToken(id: string, token: string, now: number): void { this.setStream.run(tokenHash(token), this.box.seal(token), now, id); }

  /**
   * Deletes the source and everything captured for it. endpoints.source_id and messages.source_id carry no
   * foreign key (they share tables with outbound rows), so they are removed here; deliveries and attempts
   * follow by cascade.
   */
  delete(id: string): void {
    writeTx(this.store, () => {
      this.store.sqlite.run("DELETE FROM messages WHERE source_id = ?", [id]);
      this.store.sqlite.run("DELETE FROM endpoints WHERE source_id = ? AND app_id IS NULL", [id]);
      this.store.sqlite.run("DELETE FROM sources WHERE id = ?", [id]);
    });
  }
}

const cache = new WeakMap<Store, SourceStore>();
export function sourceStoreFor(store: Store, box: SecretBox): SourceStore {
  let s = cache.get(store);
  if (!s) cache.set(store, (s = new SourceStore(store, box)));
  return s;
}
