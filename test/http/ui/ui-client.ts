// A small cookie-keeping HTTP client for UI route tests: signs in as a real user through /login and
// posts forms with the session's CSRF token, against the real server of createTestApp().
import { createTestApp, type TestApp } from "../../helpers/test-app";
import { insertUser, type Role } from "../../../src/store/users";
import { hashPassword } from "../../../src/auth/passwords";

export interface UiClient {
  csrf: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** POSTs a urlencoded form; the CSRF token is added unless `csrf: false`. */
  post(path: string, form?: Record<string, string | string[]>, opts?: { csrf?: boolean; htmx?: boolean }): Promise<Response>;
  html(path: string): Promise<string>;
}

export function uiApp(env: Record<string, string> = {}): Promise<TestApp> {
  return createTestApp({ env: { HOOKRELAY_ALLOW_PRIVATE_DESTINATIONS: "true", ...env } });
}

export async function client(t: TestApp, who?: { email: string; role: Role }): Promise<UiClient> {
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
  const c: UiClient = {
    csrf: "",
    get: async (path, headers = {}) => take(await fetch(t.url + path, { headers: { cookie: cookie(), accept: "text/html", ...headers }, redirect: "manual" })),
    async post(path, form = {}, opts = {}) {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
      if (opts.csrf !== false) body.set("_csrf", c.csrf);
      const headers: Record<string, string> = { cookie: cookie(), "content-type": "application/x-www-form-urlencoded", accept: "text/html" };
      if (opts.htmx) headers["hx-request"] = "true";
      return take(await fetch(t.url + path, { method: "POST", body, headers, redirect: "manual" }));
    },
    html: async (path) => (await c.get(path)).text(),
  };
  const login = await (await c.get("/login")).text();
  c.csrf = /name="_csrf" value="([^"]+)"/.exec(login)?.[1] ?? "";
  if (!who) return c;
  const password = `${who.email} password`;
  if (!t.app.ctx.store.sqlite.query("SELECT 1 FROM users WHERE email = ?").get(who.email)) {
    insertUser(t.app.ctx.store, { email: who.email, passwordHash: await hashPassword(password), role: who.role }, t.clock.now());
  }
  const res = await c.post("/login", { email: who.email, password });
  if (res.status !== 303) throw new Error(`sign-in as ${who.email} failed: ${res.status}`);
  c.csrf = /name="csrf-token" content="([^"]+)"/.exec(await c.html("/"))![1];
  return c;
}

/** Creates an application and an endpoint through the API; returns their ids and UI paths. */
export async function appWithEndpoint(t: TestApp, url = "http://127.0.0.1:9/hook", name = "Acme") {
  const app = (await (await t.api("/api/v1/app", { body: { name } })).json()) as { id: string };
  const ep = (await (await t.api(`/api/v1/app/${app.id}/endpoint`, { body: { url } })).json()) as { id: string };
  return { appId: app.id, endpointId: ep.id, appPath: `/applications/${app.id}`, endpointPath: `/applications/${app.id}/endpoints/${ep.id}` };
}
