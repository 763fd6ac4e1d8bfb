// Login rate limits against a spoofing client: per IP (20 failures / 15 min) and per account
// (10 / 15 min), answered 429 with Retry-After. X-Forwarded-For counts only from a --trusted-proxy.
import { describe, expect, test, afterAll } from "bun:test";
import { createTestApp, type TestApp } from "../helpers/test-app";

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
    const s = await loginPage(t);
    // Concurrent tries: argon2 verification dominates, and the limiter must count parallel failures too.
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
