// Credentials kept in ordinary columns, sealed at rest with the SecretBox: endpoint custom headers
// (`Authorization`, `X-Api-Key` for the receiver) and the ingest/stream URL tokens of sources. A copy
// of the database without the key file reveals none of them. Rows an older binary wrote in plain
// text are still read, and sealConvertedAtStartup() rewrites them the first time a new binary starts.
import { createHash } from "node:crypto";
import type { Store } from "./db";
import type { SecretBox } from "../lib/secret-box";
import { readJson } from "./json-column";

const SEALED_PREFIX = "v1:";
export const isSealed = (v: string | null | undefined): v is string => !!v && v.startsWith(SEALED_PREFIX);

/** Endpoint headers for the `headers` column: sealed JSON, or "{}" when there are none (nothing to hide, nothing to open). */
export function sealHeaders(box: SecretBox, headers: Record<string, string>): string {
  return Object.keys(headers).length ? box.seal(JSON.stringify(headers)) : "{}";
}

/** The `headers` column back to an object; a plain JSON value (an older row) is read as it is. */
export function openHeaders(box: SecretBox, column: string | null): Record<string, string> {
  if (!column) return {};
  return readJson<Record<string, string>>(isSealed(column) ? box.open(column) : column, {});
}

/** What the ingest and stream routes look a token up by (the tokens are random: no salt needed). */
export const tokenHash = (token: string): string => createHash("sha256").update(token).digest("hex");

/** A source URL token from its sealed form (SourceRow.ingestTokenSealed); a not yet converted row holds it plain. */
export function openToken(box: SecretBox, sealedOrPlain: string): string {
  return isSealed(sealedOrPlain) ? box.open(sealedOrPlain) : sealedOrPlain;
}

/**
 * Seals what older binaries stored in plain text, in one transaction: endpoint headers and source
 * tokens (whose lookup columns become their hashes). secure_delete zeroes the old cells and the
 * checkpoint moves the result into the database file, so the plain values do not linger in free
 * pages or the WAL. Returns how many rows were converted (0 on every start after the first).
 */
export function sealConvertedAtStartup(store: Store, box: SecretBox): { endpoints: number; sources: number } {
  const q = store.sqlite;
  const headers = q.query<{ id: string; headers: string }, []>("SELECT id, headers FROM endpoints WHERE headers NOT LIKE 'v1:%' AND headers <> '{}'").all();
  const sources = q.query<{ id: string; ingest: string; stream: string; ingestEnc: string | null; streamEnc: string | null }, []>(
    "SELECT id, ingest_token AS ingest, stream_token AS stream, ingest_token_enc AS ingestEnc, stream_token_enc AS streamEnc FROM sources WHERE ingest_token_enc IS NULL OR stream_token_enc IS NULL").all();
  if (!headers.length && !sources.length) return { endpoints: 0, sources: 0 };
  const secureDelete = (q.query("PRAGMA secure_delete").get() as { secure_delete: number }).secure_delete;
  q.run("PRAGMA secure_delete = ON");
  try {
    q.transaction(() => {
      for (const e of headers) q.run("UPDATE endpoints SET headers = ? WHERE id = ?", [sealHeaders(box, openHeaders(box, e.headers)), e.id]);
      for (const s of sources) {
        if (s.ingestEnc === null) q.run("UPDATE sources SET ingest_token = ?, ingest_token_enc = ? WHERE id = ?", [tokenHash(s.ingest), box.seal(s.ingest), s.id]);
        if (s.streamEnc === null) q.run("UPDATE sources SET stream_token = ?, stream_token_enc = ? WHERE id = ?", [tokenHash(s.stream), box.seal(s.stream), s.id]);
      }
    }).immediate();
    q.run("PRAGMA wal_checkpoint(TRUNCATE)");
  } finally {
    q.run(`PRAGMA secure_delete = ${secureDelete}`);
  }
  return { endpoints: headers.length, sources: sources.length };
}
