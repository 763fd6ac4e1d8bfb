// API tokens: only a SHA-256 hash and a short display prefix are stored.
import { createHash } from "node:crypto";
import { desc } from "drizzle-orm";
import type { Store } from "./db";
import { apiTokens } from "./schema";
import { newId, randomToken } from "../lib/ids";

export const TOKEN_PREFIX = "hr_";
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface TokenRow { id: string; name: string; prefix: string; createdAt: number; lastUsedAt: number | null; revokedAt: number | null }

export function createToken(store: Store, name: string, now: number): { token: string; row: TokenRow } {
  const token = randomToken(TOKEN_PREFIX, 24);
  const row = { id: newId("tok", now), name, prefix: token.slice(0, 10), hash: hashToken(token), createdAt: now, lastUsedAt: null, revokedAt: null };
  store.db.insert(apiTokens).values(row).run();
  const { hash: _h, ...shown } = row;
  return { token, row: shown };
}

export function listTokens(store: Store): TokenRow[] {
  return store.db.select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens).orderBy(desc(apiTokens.createdAt)).all();
}

export function revokeToken(store: Store, id: string, now: number): boolean {
  const r = store.sqlite.run("UPDATE api_tokens SET revoked_at = ? WHERE (id = ? OR prefix = ?) AND revoked_at IS NULL", [now, id, id]);
  return r.changes > 0;
}

/** Prepared once per store: this runs on every API request. */
export function tokenVerifier(store: Store) {
  const find = store.sqlite.query<{ id: string; name: string }, [string]>("SELECT id, name FROM api_tokens WHERE hash = ? AND revoked_at IS NULL");
  const touch = store.sqlite.query("UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)");
  // When this process last wrote last_used_at per token: the UPDATE (a write statement on every
  // API request, even when its WHERE matched nothing) now runs at most once a minute per token.
  const touched = new Map<string, number>();
  return (token: string, now: number): { id: string; name: string } | null => {
    const row = find.get(hashToken(token));
    // Write at most once a minute per token so auth stays a read on the hot path.
    if (row && !(now - (touched.get(row.id) ?? -Infinity) < 60_000)) {
      touch.run(now, row.id, now - 60_000);
      if (touched.size > 10_000) touched.clear();
      touched.set(row.id, now);
    }
    return row ?? null;
  };
}

