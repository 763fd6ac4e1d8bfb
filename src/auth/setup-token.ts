// The one-time first-run link: valid 30 minutes, only while no user exists. Its hash lives in meta.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Store } from "../store/db";
import { getMeta, setMeta, deleteMeta } from "../store/meta";
import { countUsers } from "../store/users";

export const SETUP_TTL_MS = 30 * 60_000;
const KEY = "setup_token";
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

/** Issues a fresh token when there are no users; returns null when setup is not needed. */
export function issueSetupToken(store: Store, now: number): string | null {
  if (countUsers(store) > 0) return null;
  const token = randomBytes(24).toString("base64url");
  setMeta(store, KEY, JSON.stringify({ hash: sha(token), expiresAt: now + SETUP_TTL_MS }));
  return token;
}

export function checkSetupToken(store: Store, token: string, now: number): boolean {
  if (!token || countUsers(store) > 0) return false;
  const raw = getMeta(store, KEY);
  if (!raw) return false;
  const { hash, expiresAt } = JSON.parse(raw) as { hash: string; expiresAt: number };
  if (now > expiresAt) return false;
  const a = Buffer.from(sha(token));
  const b = Buffer.from(hash);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function consumeSetupToken(store: Store): void { deleteMeta(store, KEY); }
