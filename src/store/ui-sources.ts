// The sources list: a name filter with keyset pages (sources are few: a filtered walk of the primary
// key is fine), and per-source facts (last request, forwarding endpoints), one indexed lookup each.
import type { Store } from "./db";

export interface SourceActivity { lastAt: number | null; lastStatus: string | null; endpoints: number }

function prepare(store: Store) {
  const q = store.sqlite;
  return {
    last: q.query<{ at: number; status: string }, [string]>(
      "SELECT created_at AS at, status FROM ingest_requests WHERE source_id = ? ORDER BY seq DESC LIMIT 1"),
    endpoints: q.query<{ n: number }, [string]>(
      "SELECT count(*) AS n FROM endpoints WHERE source_id = ? AND app_id IS NULL AND url NOT LIKE 'listen://%'"),
  };
}

const cache = new WeakMap<Store, ReturnType<typeof prepare>>();

export function sourceActivity(store: Store, sourceIds: string[]): Map<string, SourceActivity> {
  let s = cache.get(store);
  if (!s) cache.set(store, (s = prepare(store)));
  const out = new Map<string, SourceActivity>();
  for (const id of sourceIds) {
    const last = s.last.get(id);
    out.set(id, { lastAt: last?.at ?? null, lastStatus: last?.status ?? null, endpoints: s.endpoints.get(id)?.n ?? 0 });
  }
  return out;
}

/** Tokens as in SourceRow: sealed (plain in a not yet converted row); open with openToken(). */
export interface SourceListRow { id: string; name: string; type: string; ingestTokenSealed: string; streamTokenSealed: string }

/** Sources whose name, uid or id contains `text`, newest first; `cursor` is the last id shown. */
export function searchSources(store: Store, f: { text?: string; cursor?: string | null; limit: number }): { rows: SourceListRow[]; next: string | null } {
  const where: string[] = [];
  const params: string[] = [];
  if (f.text) { where.push("(instr(lower(name), lower(?)) > 0 OR instr(lower(coalesce(uid, '')), lower(?)) > 0 OR id = ?)"); params.push(f.text, f.text, f.text); }
  if (f.cursor) { where.push("id < ?"); params.push(f.cursor); }
  const rows = store.sqlite.query<SourceListRow, string[]>(
    `SELECT id, name, type, coalesce(ingest_token_enc, ingest_token) AS ingestTokenSealed, coalesce(stream_token_enc, stream_token) AS streamTokenSealed FROM sources ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY id DESC LIMIT ${f.limit + 1}`,
  ).all(...params);
  const page = rows.slice(0, f.limit);
  return { rows: page, next: rows.length > f.limit ? page[page.length - 1].id : null };
}
