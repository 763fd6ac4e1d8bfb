// Request limits (src/http/limits.ts): every oversized or over-nested request gets a clear 4xx that
// names the limit, never a 500, and requests inside the limits pass untouched.
import { describe, expect, test, beforeAll, afterAll } from "bun:test";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { loadConfig, ConfigError } from "../../src/config/load";
import { jsonTextDepth } from "../../src/http/limits";

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ flags: { "max-payload": "4KiB", "ingest-max-body": "8KiB", "max-request-headers": "40", "max-json-depth": "16" } }); });
afterAll(() => t.close());

const nested = (levels: number) => "[".repeat(levels) + "]".repeat(levels);
/** A body sent with Transfer-Encoding: chunked (no Content-Length), in `parts` pieces. */
const chunked = (text: string, parts = 8) => {
  const bytes = new TextEncoder().encode(text);
  const step = Math.ceil(bytes.length / parts);
  return new ReadableStream<Uint8Array>({
    start(c) { for (let i = 0; i < bytes.length; i += step) c.enqueue(bytes.subarray(i, i + step)); c.close(); },
  });
};

describe("header count", () => {
  test("a request with more headers than --max-request-headers gets 431 naming the limit", async () => {
    const headers: Record<string, string> = {};
    for (let i = 0; i < 60; i++) headers[`x-extra-${i}`] = "1";
    const r = await t.api("/api/v1/auth/whoami", { headers });
    expect(r.status).toBe(431);
    const body = (await r.json()) as { code: string; detail: string };
    expect(body.code).toBe("too_many_headers");
    expect(body.detail).toContain("the limit is 40 (--max-request-headers)");
  });

  test("a request within the header limit is served normally", async () => {
    const headers: Record<string, string> = {};
    for (let i = 0; i < 20; i++) headers[`x-extra-${i}`] = "1";
    expect((await t.api("/api/v1/auth/whoami", { headers })).status).toBe(200);
  });

  test("far more headers than Bun itself accepts still get a 4xx, not a crash", async () => {
    const headers: Record<string, string> = {};
    for (let i = 0; i < 400; i++) headers[`x-extra-${i}`] = "1";
    const r = await t.api("/healthz", { headers });
    expect(r.status).toBe(431);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });
});

describe("body size", () => {
  test("an API body over max-payload plus the envelope allowance gets 413 naming the limit", async () => {
    const r = await t.api("/api/v1/app/", { body: JSON.stringify({ name: "x".repeat(80 * 1024) }) });
    expect(r.status).toBe(413);
    const body = (await r.json()) as { code: string; detail: string };
    expect(body.code).toBe("payload_too_large");
    expect(body.detail).toBe(`Request body exceeds the limit of ${4096 + 65536} bytes (--max-payload plus 64 KiB for the envelope)`);
  });

  test("a chunked API body without Content-Length is measured too and gets 413", async () => {
    const r = await fetch(`${t.url}/api/v1/app/`, {
      method: "POST", headers: { authorization: `Bearer ${t.token}`, "content-type": "application/json" },
      body: chunked(JSON.stringify({ name: "y".repeat(90 * 1024) })),
    });
    expect(r.status).toBe(413);
    expect(((await r.json()) as { detail: string }).detail).toContain("--max-payload");
  });

  test("an ingest body over --ingest-max-body gets 413 naming that option", async () => {
    const r = await fetch(`${t.url}/in/not-a-real-token`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: new Uint8Array(9 * 1024) });
    expect(r.status).toBe(413);
    expect(((await r.json()) as { detail: string }).detail).toBe("Request body exceeds the limit of 8192 bytes (--ingest-max-body)");
  });

  test("a UI form post over the limit gets 413 before the CSRF check or the handler runs", async () => {
    const r = await fetch(`${t.url}/login`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "email=a&password=" + "p".repeat(80 * 1024) });
    expect(r.status).toBe(413);
  });
});

describe("JSON nesting depth", () => {
  test("an API body nested deeper than --max-json-depth gets 422 naming the limit", async () => {
    const r = await t.api("/api/v1/app/", { body: `{"name":"deep","metadata":${nested(40)}}` });
    expect(r.status).toBe(422);
    const body = (await r.json()) as { code: string; detail: string };
    expect(body.code).toBe("json_too_deep");
    expect(body.detail).toContain("limit of 16 levels (--max-json-depth)");
  });

  test("a chunked deeply nested body is refused the same way", async () => {
    const r = await fetch(`${t.url}/api/v1/app/`, {
      method: "POST", headers: { authorization: `Bearer ${t.token}`, "content-type": "application/json" }, body: chunked(nested(1000)),
    });
    expect(r.status).toBe(422);
  });

  test("brackets inside strings do not count as nesting", () => {
    expect(jsonTextDepth(`{"a":"[[[[[[[[{{{{","b":[1,[2]]}`)).toBe(3);
    expect(jsonTextDepth(`{"a":"\\"[[[[","b":{}}`)).toBe(2);
    expect(jsonTextDepth(nested(5000), 64)).toBe(65); // stops counting early
  });

  test("a body at exactly the depth limit is not refused by the limit", async () => {
    const r = await t.api("/api/v1/app/", { body: `{"name":"ok","metadata":{"k":"v"},"x":${nested(15)}}` });
    const body = (await r.json()) as { code?: string };
    expect(body.code).not.toBe("json_too_deep");
    expect(r.status).toBeLessThan(500);
  });
});

describe("allow-lists in the config", () => {
  test("an invalid --allow-destination CIDR stops the server at start with a message naming it", () => {
    expect(() => loadConfig({ env: {}, flags: { "allow-destination": ["10.0.0.0/8", "10.0.0.0/33"] } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: {}, flags: { "allow-destination": "not-a-cidr" } })).toThrow(/invalid value "not-a-cidr" for allow-destination/);
  });

  test("the real serve command exits 2 with that message instead of starting", () => {
    const r = Bun.spawnSync(["bun", "src/main.ts", "serve", "--listen", "127.0.0.1:0", "--data-dir", t.dataDir + "-never", "--allow-destination", "10.0.0.0/40"], { cwd: `${import.meta.dir}/../..`, stdout: "pipe", stderr: "pipe" });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.toString()).toContain('invalid value "10.0.0.0/40" for allow-destination');
  });

  test("an invalid --trusted-proxy entry is refused the same way", () => {
    expect(() => loadConfig({ env: { HOOKRELAY_TRUSTED_PROXY: "10.0.0.1, 300.1.1.1" } })).toThrow(/invalid value "300.1.1.1" for trusted-proxy/);
  });

  test("valid CIDRs and single addresses of both families are accepted", () => {
    const c = loadConfig({ env: {}, flags: { "allow-destination": ["10.0.0.0/8", "192.168.1.7", "fd00::/8"], "trusted-proxy": ["127.0.0.1/32", "::1"] } });
    expect(c.allowDestination).toEqual(["10.0.0.0/8", "192.168.1.7", "fd00::/8"]);
  });
});
