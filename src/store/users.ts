// User accounts for the web UI. Passwords are argon2id hashes (Bun.password).
import { eq, asc } from "drizzle-orm";
import type { Store } from "./db";
import { users } from "./schema";
import { newId } from "../lib/ids";

export type Role = "admin" | "member";
export interface UserRow { id: string; email: string; role: Role; createdAt: number; updatedAt: number }

const shown = { id: users.id, email: users.email, role: users.role, createdAt: users.createdAt, updatedAt: users.updatedAt };

export function countUsers(store: Store): number {
  return (store.sqlite.query("SELECT count(*) AS n FROM users").get() as { n: number }).n;
}

export function insertUser(store: Store, u: { email: string; passwordHash: string; role: Role }, now: number): UserRow {
  const row = { id: newId("user", now), email: u.email.toLowerCase(), passwordHash: u.passwordHash, role: u.role, createdAt: now, updatedAt: now };
  store.db.insert(users).values(row).run();
  return { id: row.id, email: row.email, role: row.role, createdAt: now, updatedAt: now };
}

export function findUserByEmail(store: Store, email: string): (UserRow & { passwordHash: string }) | undefined {
  return store.db.select().from(users).where(eq(users.email, email.toLowerCase())).get() as (UserRow & { passwordHash: string }) | undefined;
}

export function findUserById(store: Store, id: string): UserRow | undefined {
  return store.db.select(shown).from(users).where(eq(users.id, id)).get() as UserRow | undefined;
}

export function listUsers(store: Store): UserRow[] {
  return store.db.select(shown).from(users).orderBy(asc(users.email)).all() as UserRow[];
}

export function setPassword(store: Store, email: string, passwordHash: string, now: number): boolean {
  return store.sqlite.run("UPDATE users SET password_hash = ?, updated_at = ? WHERE email = ?", [passwordHash, now, email.toLowerCase()]).changes > 0;
}

export function setRole(store: Store, id: string, role: Role, now: number): boolean {
  return store.sqlite.run("UPDATE users SET role = ?, updated_at = ? WHERE id = ?", [role, now, id]).changes > 0;
}

export function deleteUser(store: Store, email: string): boolean {
  return store.sqlite.run("DELETE FROM users WHERE email = ?", [email.toLowerCase()]).changes > 0;
}
