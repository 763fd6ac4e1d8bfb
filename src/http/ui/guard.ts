// Page guards: who may see or do what in the UI. Members operate; admins also manage users, tokens, secrets.
import type { SessionInfo } from "../../store/sessions";
import { redirect } from "./session";

export type Guarded = { ok: true; user: SessionInfo["user"] } | { ok: false; response: Response };

export function requireUser(session: SessionInfo | null, request: Request): Guarded {
  if (session) return { ok: true, user: session.user };
  const u = new URL(request.url);
  return { ok: false, response: redirect(request, `/login?next=${encodeURIComponent(u.pathname + u.search)}`) };
}

export function requireAdmin(session: SessionInfo | null, request: Request): Guarded {
  const g = requireUser(session, request);
  if (!g.ok) return g;
  if (g.user.role !== "admin") {
    return { ok: false, response: new Response("Forbidden: this action needs the admin role.", { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } }) };
  }
  return g;
}
