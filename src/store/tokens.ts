// API tokens: only a SHA-256 hash and a short display prefix are stored.
import { createHash } from "node:crypto";
import { desc } from "drizzle-orm";
import type { Store } from "./db";
import { apiTokens } from "./schema";
import { newId, randomToken } from "../lib/ids";

export const TOKEN_PREFIX = "hr_";
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface TokenRow { id: string; name: string; prefix: string; createdAt: number; lastUsedAt: number | null; revokedAt: number | null }

/**
 * A new bearer credential: the key (shown once), its SHA-256 (what is stored and looked up) and the
 * 10-character prefix lists show. API tokens, consumer keys and integration keys all come from here.
 */
export function mintKey(prefix: string): { key: string; hash: string; shown: string } {
  const key = randomToken(prefix, 24);
  return { key, hash: hashToken(key), shown: key.slice(0, 10) };
}

export function createToken(store: Store, name: string, now: number): { token: string; row: TokenRow } {
  const { key: token, hash, shown: prefix } = mintKey(TOKEN_PREFIX);
  const row = { id: newId("tok", now), name, prefix, hash, createdAt: now, lastUsedAt: null, revokedAt: null };
  store.db.insert(apiTokens).values(row).run();
  const { hash: _h, ...shown } = row;
  return { token, row: shown };
}

export function listTokens(store: Store): TokenRow[] {
  return store.db.select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens).orderBy(desc(apiTokens.createdAt)).all();
}

/** Bumped by every revocation in this process, so in-process caches drop at once (other processes wait TOKEN_RECHECK_MS). */
let revocations = 0;

export function revokeToken(store: Store, id: string, now: number): boolean {
  revocations++;
  const r = store.sqlite.run("UPDATE api_tokens SET revoked_at = ? WHERE (id = ? OR prefix = ?) AND revoked_at IS NULL", [now, id, id]);
  return r.changes > 0;
}

/** How long a verified token is trusted from memory before the database is asked again:
 * a revocation (even by the CLI in another process) takes effect within this time. */
export const TOKEN_RECHECK_MS = 5_000;

/** Prepared once per store: this runs on every API request, so verified tokens are kept in memory
 * briefly and last_used_at is written at most once a minute per token. */
export function tokenVerifier(store: Store) {
  const find = store.sqlite.query<{ id: string; name: string; last_used_at: number | null }, [string]>("SELECT id, name, last_used_at FROM api_tokens WHERE hash = ? AND revoked_at IS NULL");
  const touch = store.sqlite.query("UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
  const cache = new Map<string, { id: string; name: string; checkedAt: number; touchedAt: number }>();
  let seen = revocations;
  return (token: string, now: number): { id: string; name: string } | null => {
    if (seen !== revocations) { seen = revocations; cache.clear(); }
    let hit = cache.get(token);
    if (!hit || now - hit.checkedAt >= TOKEN_RECHECK_MS || now < hit.checkedAt) {
      const row = find.get(hashToken(token));
      if (!row) { cache.delete(token); return null; }
      if (cache.size > 1000) cache.clear();
      hit = { id: row.id, name: row.name, checkedAt: now, touchedAt: hit?.touchedAt ?? row.last_used_at ?? 0 };
      cache.set(token, hit);
    }
    if (now - hit.touchedAt >= 60_000) { hit.touchedAt = now; touch.run(now, hit.id); }
    return { id: hit.id, name: hit.name };
  };
}
