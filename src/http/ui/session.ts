/**
 * @module http/ui — the htmx web UI. This file: the session plugin every UI route group uses.
 * It resolves the signed-in user from the `hr_session` cookie, hands out the CSRF token, and refuses
 * any state-changing request whose `_csrf` field or `x-csrf-token` header does not match.
 */
import { Elysia } from "elysia";
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { AppContext } from "../../app-context";
import { sessionLookup, type SessionInfo } from "../../store/sessions";
import { clientIp } from "../client-ip";

export const SESSION_COOKIE = "hr_session";
export const PRE_CSRF_COOKIE = "hr_csrf";
export const SESSION_TTL_MS = 7 * 86_400_000;

export function parseCookies(header: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

export function cookieHeader(ctx: AppContext, name: string, value: string, maxAgeSec: number): string {
  const secure = ctx.config.baseUrl.startsWith("https:") ? "; Secure" : "";
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSec}${secure}`;
}

const same = (a: string, b: string) => a.length > 0 && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

// A type alias, not an interface: Elysia's derive() needs it assignable to Record<string, unknown>.
export type UiRequestState = {
  session: SessionInfo | null;
  /** The token forms must send back: the session's, or a pre-session double-submit token. */
  csrfToken: string;
  ip: string;
};

export function uiSession(ctx: AppContext) {
  const lookup = sessionLookup(ctx.store);
  return new Elysia({ name: "ui-session" })
    .derive({ as: "scoped" }, ({ request, server, set }): UiRequestState => {
      const cookies = parseCookies(request.headers.get("cookie"));
      const session = cookies[SESSION_COOKIE] ? lookup(cookies[SESSION_COOKIE], ctx.clock.now()) : null;
      let csrfToken = session?.csrfToken ?? cookies[PRE_CSRF_COOKIE] ?? "";
      if (!session && !csrfToken) {
        csrfToken = randomBytes(18).toString("base64url");
        set.headers["set-cookie"] = cookieHeader(ctx, PRE_CSRF_COOKIE, csrfToken, 3600);
      }
      const ip = clientIp(server?.requestIP(request)?.address, request.headers, ctx.config.trustedProxy);
      return { session, csrfToken, ip };
    })
    .onBeforeHandle({ as: "scoped" }, ({ request, body, session, csrfToken, set }) => {
      if (SAFE.has(request.method)) return;
      const sent = request.headers.get("x-csrf-token") ?? (body && typeof body === "object" ? String((body as Record<string, unknown>)._csrf ?? "") : "");
      const expected = session ? session.csrfToken : csrfToken;
      if (!same(sent, expected)) {
        set.status = 403;
        return new Response("Forbidden: the form's CSRF token is missing or stale. Reload the page and try again.", { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
      }
    });
}

/** A redirect that works for full-page requests and for htmx (HX-Redirect). */
export function redirect(request: Request, to: string): Response {
  if (request.headers.get("hx-request")) return new Response(null, { status: 204, headers: { "hx-redirect": to } });
  return new Response(null, { status: 303, headers: { location: to } });
}

/** Only local paths: `next=` must never send the user to another site. */
export function safeNext(next: unknown): string {
  const s = typeof next === "string" ? next : "";
  return s.startsWith("/") && !s.startsWith("//") && !s.startsWith("/\\") ? s : "/";
}
