// GET /api/v1/audit-log — the append-only record of administrative actions (who, what, when), newest
// first, with Svix-style keyset pagination. Every API token is admin-level today, so the bearer guard
// applied to /api/v1 is the access check. Entries never hold secrets (see src/store/audit.ts); what
// the API records is decided in audit-writes.ts.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { auditPage, type AuditEntry } from "../../store/audit";
import { ValidationError } from "../errors";
import { registerApiResource } from "./index";

const MAX_LIMIT = 250;

function parseDetail(detail: string | null): unknown {
  if (detail === null) return null;
  try { return JSON.parse(detail); } catch { return detail; }
}

const entryOut = (e: AuditEntry) => ({
  id: String(e.id),
  timestamp: new Date(e.at).toISOString(),
  actor: e.actor,
  action: e.action,
  target: e.target,
  detail: parseDetail(e.detail),
});

function limitOf(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 50;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw new ValidationError("limit", `must be an integer from 1 to ${MAX_LIMIT}`, "query");
  return n;
}

function iteratorOf(raw: string | undefined): string | null {
  if (!raw) return null;
  // Cursors are entry ids, optionally prefixed with "-" for the previous page.
  if (!/^-?\d{1,15}$/.test(raw)) throw new ValidationError("iterator", "is not a cursor returned by this API", "query");
  return raw;
}

export function auditRoutes(ctx: AppContext) {
  return new Elysia().get("/audit-log", ({ query }) => {
    const q = query as Record<string, string | undefined>;
    const order = q.order || "descending";
    if (order !== "ascending" && order !== "descending") throw new ValidationError("order", 'must be "ascending" or "descending"', "query");
    const page = auditPage(ctx.store, { limit: limitOf(q.limit), iterator: iteratorOf(q.iterator), order }, { action: q.action || undefined, actor: q.actor || undefined });
    return { data: page.data.map(entryOut), iterator: page.iterator, prevIterator: page.prevIterator, done: page.done };
  });
}

registerApiResource(auditRoutes);
