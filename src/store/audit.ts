// Append-only record of administrative actions: who, what, when. Never holds secrets.
import type { Store } from "./db";

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
