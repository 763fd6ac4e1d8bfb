// Web UI sessions: the cookie value is random; only its SHA-256 is stored, with the CSRF token.
import { createHash, randomBytes } from "node:crypto";
import type { Store } from "./db";
import type { Role } from "./users";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

export interface SessionInfo { sessionId: string; csrfToken: string; user: { id: string; email: string; role: Role } }

export function createSession(store: Store, userId: string, now: number, ttlMs: number): { cookie: string; csrfToken: string } {
  const cookie = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  store.sqlite.run("INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)", [sha(cookie), userId, csrfToken, now, now + ttlMs]);
  return { cookie, csrfToken };
}

export function sessionLookup(store: Store) {
  const q = store.sqlite.query<{ sid: string; csrf: string; id: string; email: string; role: Role }, [string, number]>(
    "SELECT s.id AS sid, s.csrf_token AS csrf, u.id, u.email, u.role FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ? AND s.expires_at > ?");
  return (cookie: string, now: number): SessionInfo | null => {
    const r = q.get(sha(cookie), now);
    return r ? { sessionId: r.sid, csrfToken: r.csrf, user: { id: r.id, email: r.email, role: r.role } } : null;
  };
}

export function deleteSession(store: Store, cookie: string): void {
  store.sqlite.run("DELETE FROM sessions WHERE id = ?", [sha(cookie)]);
}

export function deleteUserSessions(store: Store, userId: string): void {
  store.sqlite.run("DELETE FROM sessions WHERE user_id = ?", [userId]);
}

export function pruneSessions(store: Store, now: number): number {
  return store.sqlite.run("DELETE FROM sessions WHERE expires_at <= ?", [now]).changes;
}
