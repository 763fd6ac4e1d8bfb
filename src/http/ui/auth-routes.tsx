// Sign in, sign out and first-run setup. Login failures are rate-limited per IP and per account.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { uiSession, redirect, safeNext, cookieHeader, SESSION_COOKIE, SESSION_TTL_MS, PRE_CSRF_COOKIE, parseCookies } from "./session";
import { htmlPage } from "./render";
import { LoginPage } from "../../../views/pages/login";
import { SetupPage } from "../../../views/pages/setup";
import { findUserByEmail, insertUser, countUsers } from "../../store/users";
import { createSession, deleteSession } from "../../store/sessions";
import { recordAudit } from "../../store/audit";
import { verifyPassword, hashPassword, validEmail } from "../../auth/passwords";
import { FailureLimiter } from "../../auth/rate-limit";
import { checkSetupToken, consumeSetupToken } from "../../auth/setup-token";
import { buildInfo } from "../../build-info";

const GENERIC = "Wrong email or password.";
export const MIN_PASSWORD = 8;

export function authRoutes(ctx: AppContext) {
  const perIp = new FailureLimiter(ctx.clock, 20, 15 * 60_000);
  const perAccount = new FailureLimiter(ctx.clock, 10, 15 * 60_000);
  const version = buildInfo.version;
  ctx.services.loginLimiters = { perIp, perAccount };

  const signIn = (userId: string, to: string, request: Request) => {
    const { cookie } = createSession(ctx.store, userId, ctx.clock.now(), SESSION_TTL_MS);
    const res = redirect(request, to);
    res.headers.append("set-cookie", cookieHeader(ctx, SESSION_COOKIE, cookie, SESSION_TTL_MS / 1000));
    res.headers.append("set-cookie", cookieHeader(ctx, PRE_CSRF_COOKIE, "", 0));
    return res;
  };

  return new Elysia()
    .use(uiSession(ctx))
    .get("/login", ({ session, csrfToken, query, request }) => {
      if (session) return redirect(request, safeNext(query.next));
      if (countUsers(ctx.store) === 0) return htmlPage(<LoginPage version={version} csrfToken={csrfToken} error="No account exists yet. Open the setup link printed in the server's log, or run: hookrelay user add EMAIL --admin" />);
      return htmlPage(<LoginPage version={version} csrfToken={csrfToken} next={typeof query.next === "string" ? query.next : undefined} />);
    })
    .post("/login", async ({ body, csrfToken, ip, request }) => {
      const b = (body ?? {}) as Record<string, string>;
      const email = String(b.email ?? "").trim().toLowerCase();
      const next = safeNext(b.next);
      const wait = Math.max(perIp.blockedFor(ip), perAccount.blockedFor(email));
      if (wait > 0) {
        return htmlPage(<LoginPage version={version} csrfToken={csrfToken} email={email} error={`Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute(s).`} />, 429, { "retry-after": String(wait) });
      }
      const user = email ? findUserByEmail(ctx.store, email) : undefined;
      // Verify against a dummy hash when the user is unknown, so timing does not reveal which emails exist.
      const ok = await verifyPassword(String(b.password ?? ""), user?.passwordHash ?? (await dummyHash()));
      if (!user || !ok) {
        perIp.fail(ip);
        perAccount.fail(email);
        ctx.log.info("login failed", { ip });
        return htmlPage(<LoginPage version={version} csrfToken={csrfToken} email={email} error={GENERIC} next={next} />, 401);
      }
      perAccount.reset(email);
      recordAudit(ctx.store, { at: ctx.clock.now(), actor: `user:${user.email}`, action: "user.login", detail: { ip } });
      return signIn(user.id, next, request);
    })
    .post("/logout", ({ request, session }) => {
      const cookie = parseCookies(request.headers.get("cookie"))[SESSION_COOKIE];
      if (cookie) deleteSession(ctx.store, cookie);
      if (session) recordAudit(ctx.store, { at: ctx.clock.now(), actor: `user:${session.user.email}`, action: "user.logout" });
      const res = redirect(request, "/login");
      res.headers.append("set-cookie", cookieHeader(ctx, SESSION_COOKIE, "", 0));
      return res;
    })
    .get("/setup", ({ query, csrfToken, request }) => {
      const token = typeof query.token === "string" ? query.token : "";
      if (countUsers(ctx.store) > 0) return redirect(request, "/login");
      if (!checkSetupToken(ctx.store, token, ctx.clock.now())) {
        return htmlPage(<SetupPage version={version} token="" csrfToken={csrfToken} error="This setup link is missing, expired or already used. Restart the server to print a new one, or run: hookrelay user add EMAIL --admin" />, 403);
      }
      return htmlPage(<SetupPage version={version} token={token} csrfToken={csrfToken} minPasswordLength={MIN_PASSWORD} />);
    })
    .post("/setup", async ({ body, csrfToken, request, ip }) => {
      const b = (body ?? {}) as Record<string, string>;
      const token = String(b.token ?? "");
      if (!checkSetupToken(ctx.store, token, ctx.clock.now())) {
        return htmlPage(<SetupPage version={version} token="" csrfToken={csrfToken} error="This setup link is missing, expired or already used." />, 403);
      }
      const email = String(b.email ?? "").trim().toLowerCase();
      const password = String(b.password ?? "");
      const errors: { email?: string; password?: string; confirm?: string } = {};
      if (!validEmail(email)) errors.email = "Enter an email address.";
      if (password.length < MIN_PASSWORD) errors.password = `Use at least ${MIN_PASSWORD} characters.`;
      if (password !== String(b.confirm ?? "")) errors.confirm = "The passwords do not match.";
      if (Object.keys(errors).length) {
        return htmlPage(<SetupPage version={version} token={token} csrfToken={csrfToken} email={email} errors={errors} minPasswordLength={MIN_PASSWORD} />, 422);
      }
      const user = insertUser(ctx.store, { email, passwordHash: await hashPassword(password), role: "admin" }, ctx.clock.now());
      consumeSetupToken(ctx.store);
      recordAudit(ctx.store, { at: ctx.clock.now(), actor: `user:${email}`, action: "user.create", target: email, detail: { role: "admin", via: "setup", ip } });
      return signIn(user.id, "/", request);
    });
}

// argon2id hash of a random string: the cost of a real verification, for unknown emails.
// Made lazily: the bytecode build is CommonJS and has no top-level await.
let dummy: Promise<string> | null = null;
const dummyHash = () => (dummy ??= Bun.password.hash(crypto.randomUUID(), { algorithm: "argon2id" }));
