/**
 * The frame every resource page route shares: sign-in and role checks, the page shell (user, CSRF
 * token, version, notices carried over a redirect in a short-lived cookie), form reading, and the
 * HTML answers for missing things, refusals and unexpected errors.
 */
import type { AppContext } from "../../app-context";
import type { SessionInfo } from "../../store/sessions";
import type { FlashMessage } from "../../../views/components/flash";
import type { Shell } from "../../../views/partials/shell";
import { NotFoundPage } from "../../../views/pages/not-found";
import { ErrorPage } from "../../../views/pages/error";
import { buildInfo } from "../../build-info";
import { requireAdmin, requireUser } from "./guard";
import { redirect, parseCookies, cookieHeader } from "./session";
import { htmlPage } from "./render";
import { recordAudit } from "../../store/audit";

const FLASH_COOKIE = "hr_flash";

export interface UiRequest {
  request: Request;
  session: SessionInfo | null;
  csrfToken: string;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: unknown;
}

export interface UiCall extends UiRequest {
  ctx: AppContext;
  user: SessionInfo["user"];
  shell: Shell;
  now: number;
  form: Form;
  /** Records an audit entry as the signed-in user. */
  audit(action: string, target?: string | null, detail?: unknown): void;
}

export type UiHandler = (c: UiCall) => Response | Promise<Response>;

/** A submitted form: text fields trimmed, repeated fields as lists. */
export interface Form {
  str(name: string): string;
  /** Untrimmed (passwords). */
  raw(name: string): string;
  list(name: string): string[];
  has(name: string): boolean;
}

export function readForm(body: unknown): Form {
  const o = body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const all = (name: string): string[] => {
    const v = o[name];
    return (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).map((x) => String(x));
  };
  return {
    str: (name) => (all(name)[0] ?? "").trim(),
    raw: (name) => all(name)[0] ?? "",
    list: (name) => all(name).map((s) => s.trim()).filter(Boolean),
    has: (name) => o[name] !== undefined,
  };
}

function readFlash(request: Request): FlashMessage[] {
  const raw = parseCookies(request.headers.get("cookie"))[FLASH_COOKIE];
  if (!raw) return [];
  try {
    const v = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as FlashMessage;
    return v && typeof v.message === "string" && ["success", "error", "warning", "info"].includes(v.kind) ? [v] : [];
  } catch { return []; }
}

/** A redirect (303, or HX-Redirect for htmx) that shows `flash` on the next page. */
export function redirectWithFlash(ctx: AppContext, request: Request, to: string, flash: FlashMessage): Response {
  const res = redirect(request, to);
  res.headers.append("set-cookie", cookieHeader(ctx, FLASH_COOKIE, Buffer.from(JSON.stringify(flash)).toString("base64url"), 60));
  return res;
}

/** Wraps a page handler: signed-in users only (admins only with `admin`), HTML errors instead of JSON. */
export function uiRoute(ctx: AppContext, handler: UiHandler, opts: { admin?: boolean } = {}) {
  // Elysia's types do not carry uiSession's derived fields into handlers, hence the cast.
  return async (context: unknown): Promise<Response> => {
    const r = context as UiRequest;
    const g = opts.admin ? requireAdmin(r.session, r.request) : requireUser(r.session, r.request);
    if (!g.ok) {
      if (g.response.status === 403 && r.request.method === "GET" && !r.request.headers.get("hx-request") && r.session) {
        return htmlPage(ErrorPage({ status: 403, version: buildInfo.version, user: r.session.user, csrfToken: r.csrfToken, message: "This page needs the admin role." }), 403);
      }
      return g.response;
    }
    const flash = readFlash(r.request);
    const now = ctx.clock.now();
    const shell: Shell = { user: { email: g.user.email, role: g.user.role }, csrfToken: r.csrfToken, version: buildInfo.version, flash, now };
    const call: UiCall = {
      ...r, params: decodeParams(r.params), query: r.query ?? {}, ctx, user: g.user, shell, now, form: readForm(r.body),
      audit: (action, target, detail) => recordAuditAs(ctx, g.user.email, action, target, detail),
    };
    let res: Response;
    try {
      res = await handler(call);
    } catch (e) {
      const id = crypto.randomUUID();
      ctx.log.error("ui page failed", { requestId: id, path: new URL(r.request.url).pathname, error: e instanceof Error ? e.message : String(e) });
      res = await htmlPage(ErrorPage({ status: 500, version: buildInfo.version, user: shell.user, csrfToken: r.csrfToken, requestId: id }), 500);
    }
    // Shown now, so cleared; unless this answer sets a new notice (a redirect after an action).
    if (flash.length && !res.headers.getSetCookie().some((h) => h.startsWith(`${FLASH_COOKIE}=`))) {
      res.headers.append("set-cookie", cookieHeader(ctx, FLASH_COOKIE, "", 0));
    }
    return res;
  };
}

function decodeParams(p: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p ?? {})) {
    try { out[k] = decodeURIComponent(v); } catch { out[k] = v; }
  }
  return out;
}

function recordAuditAs(ctx: AppContext, email: string, action: string, target?: string | null, detail?: unknown) {
  recordAudit(ctx.store, { at: ctx.clock.now(), actor: `user:${email}`, action, target: target ?? null, detail });
}

/** The "this X doesn't exist" page, inside the app shell. */
export function notFoundPage(c: UiCall, thing: string): Promise<Response> {
  return htmlPage(NotFoundPage({ version: c.shell.version, user: c.shell.user, csrfToken: c.csrfToken, thing, path: new URL(c.request.url).pathname }), 404);
}

/** A page answer; 422 when it re-renders a form with errors. */
export const page = (view: JSX.Element, status = 200) => htmlPage(view, status);

/** Builds a same-page URL with changed query parameters (empty values dropped). */
export function withQuery(path: string, params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** "2026-11-01T09:00", "2026-11-01 09:00", an ISO string or epoch ms → epoch ms; times without a zone are UTC. */
export function parseUiTime(s: string): number | null {
  const v = s.trim();
  if (!v) return null;
  if (/^\d{10,13}$/.test(v)) return Number(v.length === 10 ? Number(v) * 1000 : v);
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v.replace(" ", "T")}Z`;
  const t = Date.parse(withZone);
  return Number.isFinite(t) ? t : null;
}

/** Epoch ms → "2026-11-01T09:00" (UTC), the format the time fields accept. */
export const uiTime = (ms: number) => new Date(ms).toISOString().slice(0, 16);
