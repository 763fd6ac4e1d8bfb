// Login rate limits against a spoofing client: per IP (20 failures / 15 min) and per account
// (10 / 15 min), answered 429 with Retry-After. X-Forwarded-For counts only from a --trusted-proxy.
import { describe, expect, test, afterAll } from "bun:test";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { insertUser } from "../../src/store/users";

/**
 * Accounts whose stored hash uses tiny argon2 parameters: verification reads the parameters from the
 * hash, so wrong-password tries cost microseconds instead of a 64 MiB hash each. What is under test
 * is the limiter, not the hash cost.
 */
async function cheapUsers(t: TestApp, emails: string[]) {
  const hash = await Bun.password.hash("the right password", { algorithm: "argon2id", memoryCost: 1024, timeCost: 1 });
  for (const email of emails) insertUser(t.app.ctx.store, { email, passwordHash: hash, role: "member" }, t.clock.now());
}
const emails = (prefix: string, n: number) => Array.from({ length: n + 1 }, (_, i) => `${prefix}${i}@example.com`);

const apps: TestApp[] = [];
afterAll(async () => { for (const a of apps) await a.close(); });

async function loginPage(t: TestApp) {
  const page = await fetch(`${t.url}/login`, { headers: { accept: "text/html" } });
  const html = await page.text();
  return { csrf: /name="_csrf" value="([^"]+)"/.exec(html)![1], cookie: page.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") };
}

function attempt(t: TestApp, s: { csrf: string; cookie: string }, email: string, xff?: string) {
  return fetch(`${t.url}/login`, {
    method: "POST", redirect: "manual",
    body: new URLSearchParams({ email, password: "not the password", _csrf: s.csrf }),
    headers: { cookie: s.cookie, "content-type": "application/x-www-form-urlencoded", ...(xff ? { "x-forwarded-for": xff } : {}) },
  });
}

describe("login rate limits", () => {
  test("without a trusted proxy, a different X-Forwarded-For on every try does not escape the per-IP limit", async () => {
    const t = await createTestApp();
    apps.push(t);
    await cheapUsers(t, [...emails("user", 20), "fresh@example.com"]);
    const s = await loginPage(t);
    // Concurrent tries: the limiter must count parallel failures too.
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(t, s, `user${i}@example.com`, `198.51.100.${i}`).then((r) => r.status)));
    expect(statuses).toEqual(Array(20).fill(401));
    const blocked = await attempt(t, s, "fresh@example.com", "192.0.2.77");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get("retry-after"))).toBeLessThanOrEqual(15 * 60);
  }, 60_000);

  test("behind a trusted proxy, clients are told apart by X-Forwarded-For: one locked out, another not", async () => {
    const t = await createTestApp({ flags: { "trusted-proxy": ["127.0.0.1/32"] } });
    apps.push(t);
    await cheapUsers(t, [...emails("guess", 20), "another@example.com"]);
    const s = await loginPage(t);
    await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(t, s, `guess${i}@example.com`, "203.0.113.5")));
    expect((await attempt(t, s, "another@example.com", "203.0.113.5")).status).toBe(429);
    expect((await attempt(t, s, "another@example.com", "203.0.113.6")).status).toBe(401);
    // A client cannot prepend a fake hop: the proxy's rightmost untrusted address is what counts.
    expect((await attempt(t, s, "another@example.com", "203.0.113.99, 203.0.113.5")).status).toBe(429);
  }, 60_000);

  test("one account is locked after 10 failures even when every try comes from a different address", async () => {
    const t = await createTestApp({ flags: { "trusted-proxy": ["127.0.0.1/32"] } });
    apps.push(t);
    await cheapUsers(t, ["target@example.com"]);
    const s = await loginPage(t);
    const statuses = await Promise.all(Array.from({ length: 10 }, (_, i) => attempt(t, s, "target@example.com", `198.51.100.${i}`).then((r) => r.status)));
    expect(statuses).toEqual(Array(10).fill(401));
    const r = await attempt(t, s, "target@example.com", "198.51.100.200");
    expect(r.status).toBe(429);
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    t.clock.advance(15 * 60_000 + 1000);
    expect((await attempt(t, s, "target@example.com", "198.51.100.201")).status).toBe(401);
  }, 60_000);
});
