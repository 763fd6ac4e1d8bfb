import { describe, expect, test, beforeAll, afterAll } from "bun:test";
import { createTestApp, type TestApp } from "../../helpers/test-app";
import { insertUser } from "../../../src/store/users";
import { hashPassword } from "../../../src/auth/passwords";

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

/** A tiny cookie-keeping browser over real HTTP, without following redirects. */
function browser() {
  const jar = new Map<string, string>();
  const take = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      const v = pair.slice(i + 1);
      if (v === "" || /Max-Age=0/.test(c)) jar.delete(pair.slice(0, i)); else jar.set(pair.slice(0, i), decodeURIComponent(v));
    }
    return res;
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("; ");
  return {
    jar,
    get: async (path: string) => take(await fetch(t.url + path, { headers: { cookie: cookie(), accept: "text/html" }, redirect: "manual" })),
    post: async (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
      take(await fetch(t.url + path, { method: "POST", body: new URLSearchParams(form), headers: { cookie: cookie(), "content-type": "application/x-www-form-urlencoded", ...headers }, redirect: "manual" })),
    csrfFrom: (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "",
  };
}

describe("first-run setup", () => {
  test("the setup link is issued at start when no user exists and the page refuses a wrong token", async () => {
    const link = t.app.ctx.services.setupLink as string;
    expect(link).toMatch(/\/setup\?token=[\w-]+$/);
    const b = browser();
    const bad = await b.get("/setup?token=nope");
    expect(bad.status).toBe(403);
    expect((await b.get("/setup")).status).toBe(403);
  });

  test("a setup POST without the CSRF token is refused", async () => {
    const token = new URL(t.app.ctx.services.setupLink as string).searchParams.get("token")!;
    const b = browser();
    await b.get(`/setup?token=${token}`);
    const r = await b.post("/setup", { token, email: "admin@example.com", password: "long enough pw", confirm: "long enough pw" });
    expect(r.status).toBe(403);
  });

  test("the setup link creates the first admin once, signs them in, and is then dead", async () => {
    const token = new URL(t.app.ctx.services.setupLink as string).searchParams.get("token")!;
    const b = browser();
    const page = await b.get(`/setup?token=${token}`);
    expect(page.status).toBe(200);
    const csrf = b.csrfFrom(await page.text());
    const short = await b.post("/setup", { token, email: "admin@example.com", password: "short", confirm: "short", _csrf: csrf });
    expect(short.status).toBe(422);
    const ok = await b.post("/setup", { token, email: "admin@example.com", password: "long enough pw", confirm: "long enough pw", _csrf: csrf });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/");
    expect(b.jar.has("hr_session")).toBe(true);
    const cookie = ok.headers.getSetCookie().find((c) => c.startsWith("hr_session="))!;
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    const again = await browser().get(`/setup?token=${token}`);
    expect(again.status).toBe(303);
  });
});

describe("login", () => {
  beforeAll(async () => {
    insertUser(t.app.ctx.store, { email: "member@example.com", passwordHash: await hashPassword("member password"), role: "member" }, t.clock.now());
  });

  test("a wrong password gets 401 and one message that does not reveal whether the email exists", async () => {
    const b = browser();
    const csrf = b.csrfFrom(await (await b.get("/login")).text());
    const wrong = await b.post("/login", { email: "member@example.com", password: "nope nope", _csrf: csrf });
    const unknown = await b.post("/login", { email: "ghost@example.com", password: "nope nope", _csrf: csrf });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.text()).toContain("Wrong email or password.");
    expect(b.jar.has("hr_session")).toBe(false);
  });

  test("the right password signs in, honours a local next= only, and logout ends the session", async () => {
    const b = browser();
    const csrf = b.csrfFrom(await (await b.get("/login")).text());
    const ok = await b.post("/login", { email: "Member@Example.com", password: "member password", _csrf: csrf, next: "//evil.example/x" });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/");
    expect((await b.get("/login")).status).toBe(303); // already signed in
    const noCsrf = await b.post("/logout", {});
    expect(noCsrf.status).toBe(403);
    // The session's CSRF token is what signed-in pages embed in <meta name="csrf-token">.
    const row = t.app.ctx.store.sqlite.query("SELECT s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'member@example.com'").get() as { csrf_token: string };
    const out = await b.post("/logout", { _csrf: row.csrf_token });
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/login");
    expect(b.jar.has("hr_session")).toBe(false);
  });

  test("repeated failures for one account are answered 429 with Retry-After, then allowed after the window", async () => {
    const b = browser();
    const csrf = b.csrfFrom(await (await b.get("/login")).text());
    let last: Response | null = null;
    for (let i = 0; i < 11; i++) last = await b.post("/login", { email: "target@example.com", password: `guess ${i}`, _csrf: csrf });
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    t.clock.advance(16 * 60_000);
    const after = await b.post("/login", { email: "target@example.com", password: "guess again", _csrf: csrf });
    expect(after.status).toBe(401);
  });
});

describe("first-run bootstrap", () => {
  test("the setup link is written to the log and expires after 30 minutes", async () => {
    const t2 = await createTestApp();
    try {
      const link = t2.app.ctx.services.setupLink as string;
      expect(t2.logs.some((l) => JSON.parse(l).setup_url === link)).toBe(true);
      const token = new URL(link).searchParams.get("token")!;
      expect((await fetch(`${t2.url}/setup?token=${token}`, { headers: { accept: "text/html" } })).status).toBe(200);
      t2.clock.advance(30 * 60_000 + 1);
      expect((await fetch(`${t2.url}/setup?token=${token}`, { headers: { accept: "text/html" } })).status).toBe(403);
    } finally { await t2.close(); }
  });

  test("HOOKRELAY_ADMIN_EMAIL with HOOKRELAY_ADMIN_PASSWORD_FILE creates the first admin and issues no setup link", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const f = join(mkdtempSync(join(tmpdir(), "hr-pw-")), "pw");
    writeFileSync(f, "from a file 123\n");
    const t2 = await createTestApp({ env: { HOOKRELAY_ADMIN_EMAIL: "boot@example.com", HOOKRELAY_ADMIN_PASSWORD_FILE: f } });
    try {
      expect(t2.app.ctx.services.setupLink).toBeUndefined();
      const row = t2.app.ctx.store.sqlite.query("SELECT role FROM users WHERE email = 'boot@example.com'").get() as { role: string };
      expect(row.role).toBe("admin");
    } finally { await t2.close(); }
  });
});
