// Append-only record of administrative actions: who, what, when. Never holds secrets.
import type { Store } from "./db";
import { listPage, type Page, type PageQuery } from "./pagination";

export interface AuditEntry { id: number; at: number; actor: string; action: string; target: string | null; detail: string | null }

export function recordAudit(store: Store, e: { at: number; actor: string; action: string; target?: string | null; detail?: unknown }): void {
  store.sqlite.run("INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)", [
    e.at, e.actor, e.action, e.target ?? null, e.detail === undefined ? null : JSON.stringify(e.detail),
  ]);
}

/** Newest first; `before` is an id cursor. */
export function listAudit(store: Store, opts: { limit: number; before?: number }): AuditEntry[] {
  return store.sqlite.query(`SELECT id, at, actor, action, target, detail FROM audit_log ${opts.before ? "WHERE id < ?1" : ""} ORDER BY id DESC LIMIT ?2`)
    .all(...((opts.before ? [opts.before, opts.limit] : [null, opts.limit]) as [number | null, number])) as AuditEntry[];
}

/**
 * Keyset pages for the audit API: ids are autoincrement, so the id is both the order and the cursor.
 * Filters are exact matches on action and actor (both indexed enough for an append-only log of admin acts).
 */
export function auditPage(store: Store, q: PageQuery, filter: { action?: string; actor?: string } = {}): Page<AuditEntry> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.action) { where.push("action = ?"); params.push(filter.action); }
  if (filter.actor) { where.push("actor = ?"); params.push(filter.actor); }
  return listPage<AuditEntry>(store.sqlite, {
    select: "SELECT id, at, actor, action, target, detail FROM audit_log", where, params, key: "id", keyOf: (r) => String(r.id), numericKey: true,
  }, q);
}
