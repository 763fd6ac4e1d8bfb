// Settings: users and API tokens (admins only), the audit log, and changing one's own password.
// A new API token is shown once, in the answer to its creation, and never stored in clear.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { listUsers, insertUser, findUserByEmail, findUserById, setRole, deleteUser, setPassword, type Role } from "../../store/users";
import { deleteUserSessions } from "../../store/sessions";
import { createToken, listTokens, revokeToken } from "../../store/tokens";
import { auditPage } from "../../store/audit";
import { hashPassword, validEmail, verifyPassword } from "../../auth/passwords";
import { AccountPage, AuditPage, TokensPage, UsersPage } from "../../../views/pages/settings";
import { MIN_PASSWORD } from "./auth-routes";
import { uiSession, redirect } from "./session";
import { uiRoute, page, notFoundPage, redirectWithFlash, withQuery, type UiCall } from "./ui-route";

const AUDIT_PAGE = 50;

function usersPage(ctx: AppContext, c: UiCall, form?: { email?: string; role?: string; errors?: { email?: string; password?: string } }) {
  return page(<UsersPage shell={c.shell} users={listUsers(ctx.store)} form={form} minPassword={MIN_PASSWORD} />, form ? 422 : 200);
}

function tokensPage(ctx: AppContext, c: UiCall, extra: { created?: { name: string; token: string }; error?: string; name?: string } = {}) {
  return page(<TokensPage shell={c.shell} tokens={listTokens(ctx.store)} {...extra} />, extra.error ? 422 : 200);
}

const adminCount = (ctx: AppContext) => listUsers(ctx.store).filter((u) => u.role === "admin").length;

export function settingsPages(ctx: AppContext) {
  const admin = { admin: true };
  return new Elysia()
    .use(uiSession(ctx))
    .get("/settings", uiRoute(ctx, (c) => redirect(c.request, c.user.role === "admin" ? "/settings/users" : "/settings/account")))
    .get("/settings/users", uiRoute(ctx, (c) => usersPage(ctx, c), admin))
    .post("/settings/users", uiRoute(ctx, async (c) => {
      const email = c.form.str("email").toLowerCase();
      const password = c.form.raw("password");
      const role: Role = c.form.str("role") === "admin" ? "admin" : "member";
      const errors: { email?: string; password?: string } = {};
      if (!validEmail(email)) errors.email = "Enter an email address.";
      else if (findUserByEmail(ctx.store, email)) errors.email = "A user with this email already exists.";
      if (password.length < MIN_PASSWORD) errors.password = `Use at least ${MIN_PASSWORD} characters.`;
      if (Object.keys(errors).length) return usersPage(ctx, c, { email, role, errors });
      insertUser(ctx.store, { email, passwordHash: await hashPassword(password), role }, c.now);
      c.audit("user.create", email, { role, via: "ui" });
      return redirectWithFlash(ctx, c.request, "/settings/users", { kind: "success", message: `${email} can now sign in as ${role}.` });
    }, admin))
    .post("/settings/users/:userId/role", uiRoute(ctx, (c) => {
      const u = findUserById(ctx.store, c.params.userId);
      if (!u) return notFoundPage(c, "user");
      const role: Role = c.form.str("role") === "admin" ? "admin" : "member";
      if (u.id === c.user.id) return redirectWithFlash(ctx, c.request, "/settings/users", { kind: "error", message: "You cannot change your own role." });
      if (u.role === "admin" && role === "member" && adminCount(ctx) <= 1) {
        return redirectWithFlash(ctx, c.request, "/settings/users", { kind: "error", message: "hookrelay needs at least one admin." });
      }
      setRole(ctx.store, u.id, role, c.now);
      c.audit("user.role", u.email, { role });
      return redirectWithFlash(ctx, c.request, "/settings/users", { kind: "success", message: `${u.email} is now ${role === "admin" ? "an admin" : "a member"}.` });
    }, admin))
    .post("/settings/users/:userId/delete", uiRoute(ctx, (c) => {
      const u = findUserById(ctx.store, c.params.userId);
      if (!u) return notFoundPage(c, "user");
      if (u.id === c.user.id) return redirectWithFlash(ctx, c.request, "/settings/users", { kind: "error", message: "You cannot remove yourself." });
      deleteUserSessions(ctx.store, u.id);
      deleteUser(ctx.store, u.email);
      c.audit("user.delete", u.email, { via: "ui" });
      return redirectWithFlash(ctx, c.request, "/settings/users", { kind: "success", message: `${u.email} removed.` });
    }, admin))
    .get("/settings/tokens", uiRoute(ctx, (c) => tokensPage(ctx, c), admin))
    .post("/settings/tokens", uiRoute(ctx, (c) => {
      const name = c.form.str("name");
      if (!name || name.length > 100) return tokensPage(ctx, c, { name, error: "Name it after who uses it (at most 100 characters)." });
      const { token, row } = createToken(ctx.store, name, c.now);
      c.audit("token.create", row.id, { name, via: "ui" });
      // Shown in this answer only: a redirect would have to carry the token in a cookie or URL.
      return tokensPage(ctx, c, { created: { name, token } });
    }, admin))
    .post("/settings/tokens/:tokenId/revoke", uiRoute(ctx, (c) => {
      if (!revokeToken(ctx.store, c.params.tokenId, c.now)) return notFoundPage(c, "token");
      c.audit("token.revoke", c.params.tokenId, { via: "ui" });
      return redirectWithFlash(ctx, c.request, "/settings/tokens", { kind: "success", message: "Token revoked." });
    }, admin))
    .get("/settings/audit", uiRoute(ctx, (c) => {
      const action = c.query.action?.trim() ?? "";
      const actor = c.query.actor?.trim() ?? "";
      const before = c.query.before || null;
      const p = auditPage(ctx.store, { limit: AUDIT_PAGE, iterator: before, order: "descending" }, { action: action || undefined, actor: actor || undefined });
      return page(<AuditPage shell={c.shell} entries={p.data} action={action} actor={actor}
        nextHref={p.done ? null : withQuery("/settings/audit", { action, actor, before: p.iterator })}
        firstHref={before ? withQuery("/settings/audit", { action, actor }) : null} />);
    }))
    .get("/settings/account", uiRoute(ctx, (c) => page(<AccountPage shell={c.shell} minPassword={MIN_PASSWORD} />)))
    .post("/settings/account/password", uiRoute(ctx, async (c) => {
      const me = findUserByEmail(ctx.store, c.user.email);
      const current = c.form.raw("current");
      const password = c.form.raw("password");
      const errors: { current?: string; password?: string; confirm?: string } = {};
      if (!me || !(await verifyPassword(current, me.passwordHash))) errors.current = "That is not your current password.";
      if (password.length < MIN_PASSWORD) errors.password = `Use at least ${MIN_PASSWORD} characters.`;
      if (password !== c.form.raw("confirm")) errors.confirm = "The passwords do not match.";
      if (Object.keys(errors).length) return page(<AccountPage shell={c.shell} errors={errors} minPassword={MIN_PASSWORD} />, 422);
      setPassword(ctx.store, c.user.email, await hashPassword(password), c.now);
      c.audit("user.passwd", c.user.email, { via: "ui" });
      return redirectWithFlash(ctx, c.request, "/settings/account", { kind: "success", message: "Password changed." });
    }));
}
