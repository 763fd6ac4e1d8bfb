// Property-based fuzzing of the public ingest URL for every source type: random methods, sub-paths,
// queries, headers (signature headers included) and bodies never produce a 5xx, and the verifiers
// behind it never throw. Also properly signed requests still pass after the fuzzing.
import { describe, expect, test, beforeAll, afterAll } from "bun:test";
import fc from "fast-check";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { CASES } from "../signing/verifier-cases";
import { headers, method, queryString, rawBytes, segment } from "./arbitraries";

let t: TestApp;
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const sources: { type: string; token: string; signed: () => Promise<Request> }[] = [];

beforeAll(async () => {
  t = await createTestApp({ start: false });
  for (const c of CASES) {
    const r = await t.api("/ingest/api/v1/source", { body: { name: `fuzz-${c.type}`, type: c.type, config: c.config } });
    if (r.status !== 201) throw new Error(`source ${c.type}: ${r.status} ${await r.text()}`);
    const token = new URL(((await r.json()) as { ingestUrl: string }).ingestUrl).pathname.split("/")[2];
    sources.push({
      type: c.type, token,
      // A genuinely signed request, timestamped with the app's clock, to check verification still works.
      signed: async () => {
        const body = JSON.stringify({ fuzz: true, type: c.type });
        const s = await c.sign(body, t.clock.now(), c.config);
        const url = new URL(`${t.url}/in/${token}${s.path ?? ""}`);
        if (s.query) url.search = new URLSearchParams(s.query).toString();
        return new Request(url, { method: s.method ?? "POST", headers: { "content-type": "application/json", ...s.headers }, body });
      },
    });
  }
});
afterAll(() => t.close());

describe("ingest fuzzing", () => {
  test("a source exists for every verifier type under test", () => {
    expect(sources.length).toBe(CASES.length);
    expect(sources.length).toBeGreaterThan(15);
  });

  test("random requests to every source type never yield a 5xx", async () => {
    const statuses = new Map<number, number>();
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...sources), method, fc.array(segment, { maxLength: 3 }), queryString, headers, rawBytes,
      async (src, m, sub, q, h, body) => {
        const url = `${t.url}/in/${src.token}${sub.length ? "/" + sub.join("/") : ""}${q ? "?" + q : ""}`;
        const res = await t.app.handle(new Request(url, { method: m, headers: h, body: m === "GET" || m === "HEAD" ? undefined : body }));
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) throw new Error(`${src.type} ${m} ${url} ${JSON.stringify(h)} → ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      },
    ), { numRuns: RUNS * 4 });
    // Verification ran and rejected (401) rather than everything being turned away before it.
    expect(statuses.get(401) ?? 0).toBeGreaterThan(0);
  }, 120_000);

  test("random headers forced onto a correctly signed request never crash verification or yield a 5xx", async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...sources.filter((s) => s.type !== "generic-webhook")), headers, async (src, h) => {
      const req = await src.signed();
      const forged = new Headers(req.headers);
      for (const [k, v] of Object.entries(h)) forged.set(k, v);
      const res = await t.app.handle(new Request(req.url, { method: req.method, headers: forged, body: await req.arrayBuffer() }));
      if (res.status >= 500) throw new Error(`${src.type} → ${res.status} ${await res.text()}`);
    }), { numRuns: RUNS * 2 });
  }, 120_000);

  test("after the fuzzing, correctly signed requests for every source type are still accepted", async () => {
    // HubSpot signs the full URL, and the shared test vectors sign a fixed /in/tok_test path.
    const failed: string[] = [];
    for (const src of sources.filter((s) => s.type !== "hubspot")) {
      const res = await t.app.handle(await src.signed());
      if (res.status < 200 || res.status >= 300) failed.push(`${src.type}: ${res.status} ${await res.text()}`);
    }
    expect(failed).toEqual([]);
    expect(t.logs.filter((l) => l.includes("unhandled error") || l.includes("verifier threw"))).toEqual([]);
  });

  test("random form posts to the sign-in and setup pages never yield a 5xx", async () => {
    const form = fc.dictionary(fc.constantFrom("email", "password", "_csrf", "next", "token", "confirm"), fc.string({ maxLength: 40 }), { maxKeys: 5 });
    await fc.assert(fc.asyncProperty(fc.constantFrom("/login", "/setup", "/logout"), form, fc.boolean(), async (path, f, asJson) => {
      const body = asJson ? JSON.stringify(f) : new URLSearchParams(f as Record<string, string>).toString();
      const res = await t.app.handle(new Request(`${t.url}${path}`, { method: "POST", body, headers: { "content-type": asJson ? "application/json" : "application/x-www-form-urlencoded" } }));
      if (res.status >= 500) throw new Error(`${path} ${body} → ${res.status}`);
    }), { numRuns: 40 });
  }, 60_000);
});
