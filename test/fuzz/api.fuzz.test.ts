// Property-based fuzzing of the REST API: random JSON, random bytes, random query strings, ids and
// headers never produce a 5xx or an unhandled error. In-process with the scheduler stopped, so an
// endpoint URL the fuzzer invents is never dialled (tests talk to 127.0.0.1 only).
import { describe, expect, test, beforeAll, afterAll } from "bun:test";
import fc from "fast-check";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { contentType, headers, jsonBody, queryString, rawBytes, segment } from "./arbitraries";

let t: TestApp;
let appId = "", epId = "", srcId = "";
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const seen = new Map<number, number>();

beforeAll(async () => {
  t = await createTestApp({ start: false });
  appId = ((await (await t.api("/api/v1/app/", { body: { name: "fuzz", uid: "fuzz-app" } })).json()) as { id: string }).id;
  epId = ((await (await t.api(`/api/v1/app/${appId}/endpoint/`, { body: { url: "https://example.com/hook", uid: "fuzz-ep" } })).json()) as { id: string }).id;
  srcId = ((await (await t.api("/ingest/api/v1/source", { body: { name: "fuzz", type: "generic-webhook" } })).json()) as { id: string }).id;
});
afterAll(() => t.close());

const WRITE_ROUTES: [string, () => string][] = [
  ["POST", () => "/api/v1/app/"],
  ["PUT", () => `/api/v1/app/${appId}/`],
  ["PATCH", () => `/api/v1/app/${appId}/`],
  ["POST", () => `/api/v1/app/${appId}/msg/`],
  ["POST", () => "/api/v1/app/fuzz-new-app/msg/"],
  ["POST", () => `/api/v1/app/${appId}/msg/precheck/active/`],
  ["POST", () => `/api/v1/app/${appId}/endpoint/`],
  ["PUT", () => `/api/v1/app/${appId}/endpoint/${epId}/`],
  ["PATCH", () => `/api/v1/app/${appId}/endpoint/${epId}/`],
  ["PUT", () => `/api/v1/app/${appId}/endpoint/${epId}/headers/`],
  ["PATCH", () => `/api/v1/app/${appId}/endpoint/${epId}/headers/`],
  ["POST", () => `/api/v1/app/${appId}/endpoint/${epId}/secret/rotate/`],
  ["POST", () => `/api/v1/app/${appId}/endpoint/${epId}/send-example/`],
  ["POST", () => `/api/v1/app/${appId}/endpoint/${epId}/recover/`],
  ["POST", () => `/api/v1/app/${appId}/endpoint/${epId}/replay-missing/`],
  ["POST", () => "/api/v1/event-type/"],
  ["POST", () => "/ingest/api/v1/source"],
  ["PUT", () => `/ingest/api/v1/source/${srcId}`],
  ["POST", () => `/ingest/api/v1/source/${srcId}/endpoint`],
  ["POST", () => `/ingest/api/v1/source/${srcId}/replay`],
];
const READ_ROUTES: (() => string)[] = [
  () => "/api/v1/app/",
  () => `/api/v1/app/${appId}/msg/`,
  () => `/api/v1/app/${appId}/endpoint/`,
  () => `/api/v1/app/${appId}/attempt/endpoint/${epId}/`,
  () => `/api/v1/app/${appId}/endpoint/${epId}/msg/`,
  () => `/api/v1/app/${appId}/endpoint/${epId}/stats/`,
  () => "/api/v1/event-type/",
  () => "/api/v1/audit-log",
  () => "/ingest/api/v1/source",
  () => `/ingest/api/v1/source/${srcId}/request`,
];

async function expectNo5xx(what: string, res: Response) {
  seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
  if (res.status >= 500) throw new Error(`${what} → ${res.status}: ${(await res.text()).slice(0, 300)}`);
  await res.arrayBuffer();
}

describe("API fuzzing", () => {
  test("the scheduler is stopped, so nothing the fuzzer creates is ever delivered", () => {
    expect(t.app.ctx.scheduler.isRunning()).toBe(false);
  });

  test("random JSON bodies to every write route never yield a 5xx", async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...WRITE_ROUTES), jsonBody, async ([m, path], body) => {
      await expectNo5xx(`${m} ${path()} ${JSON.stringify(body).slice(0, 200)}`, await t.api(path(), { method: m, body: JSON.stringify(body) }));
    }), { numRuns: RUNS * 3 });
  }, 60_000);

  test("random bytes with any content type to every write route never yield a 5xx", async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...WRITE_ROUTES), rawBytes, contentType, async ([m, path], bytes, type) => {
      const req = new Request(`${t.url}${path()}`, { method: m, body: bytes, headers: { authorization: `Bearer ${t.token}`, ...(type ? { "content-type": type } : {}) } });
      await expectNo5xx(`${m} ${path()} [${bytes.length} bytes ${type}]`, await t.app.handle(req));
    }), { numRuns: RUNS });
  }, 60_000);

  test("random query strings on list routes never yield a 5xx", async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...READ_ROUTES), queryString, async (path, q) => {
      await expectNo5xx(`GET ${path()}?${q}`, await t.api(`${path()}?${q}`));
    }), { numRuns: RUNS * 2 });
  }, 60_000);

  test("random ids in paths, with any method, never yield a 5xx", async () => {
    const shapes = [
      (a: string) => `/api/v1/app/${a}/`,
      (a: string, b: string) => `/api/v1/app/${a}/endpoint/${b}/`,
      (a: string, b: string) => `/api/v1/app/${a}/msg/${b}/`,
      (_: string, b: string) => `/api/v1/app/${appId}/endpoint/${b}/secret/`,
      (_: string, b: string) => `/api/v1/app/${appId}/msg/${b}/attempt/${b}/`,
      (a: string) => `/api/v1/event-type/${a}/`,
      (a: string) => `/ingest/api/v1/source/${a}`,
      (_: string, b: string) => `/ingest/api/v1/source/${srcId}/request/${b}`,
    ];
    await fc.assert(fc.asyncProperty(fc.constantFrom(...shapes), segment, segment, fc.constantFrom("GET", "DELETE", "PUT", "PATCH", "POST"), async (shape, a, b, m) => {
      const path = shape(a, b);
      await expectNo5xx(`${m} ${path}`, await t.api(path, { method: m, body: m === "GET" || m === "DELETE" ? undefined : "{}" }));
    }), { numRuns: RUNS * 2 });
  }, 60_000);

  test("random headers, including bogus bearer tokens and idempotency keys, never yield a 5xx", async () => {
    await fc.assert(fc.asyncProperty(headers, fc.boolean(), async (h, withToken) => {
      const req = new Request(`${t.url}/api/v1/app/${appId}/msg/`, {
        method: "POST", body: JSON.stringify({ eventType: "fuzz.event", payload: { a: 1 } }),
        headers: { ...h, "content-type": "application/json", ...(withToken ? { authorization: `Bearer ${t.token}` } : {}) },
      });
      await expectNo5xx(`POST msg with ${JSON.stringify(h)}`, await t.app.handle(req));
    }), { numRuns: RUNS });
  }, 60_000);

  test("nothing was logged as an unhandled error and the fuzzer reached past validation", async () => {
    expect(t.logs.filter((l) => l.includes("unhandled error"))).toEqual([]);
    const ok = [...seen].filter(([s]) => s >= 200 && s < 300).reduce((n, [, c]) => n + c, 0);
    const rejected = [...seen].filter(([s]) => s >= 400 && s < 500).reduce((n, [, c]) => n + c, 0);
    expect(ok).toBeGreaterThan(10);
    expect(rejected).toBeGreaterThan(10);
    expect((await t.app.handle(new Request(`${t.url}/healthz`))).status).toBe(200);
  });
});
