// The message POST is served by Bun's router directly (server.ts registerNativeRoute). These tests
// run the real server and compare every answer with the one Elysia's own route gives in process
// (app.handle), and use a global onRequest hook to see which requests went through Elysia.
import { describe, test, expect, beforeAll, afterAll } from "bun:test";
import { Elysia } from "elysia";
import { createTestApp, type TestApp } from "../../helpers/test-app";
import { pathOf } from "../../../src/http/request-url";

let t: TestApp;
const throughElysia: string[] = [];

beforeAll(async () => {
  t = await createTestApp({
    env: { HOOKRELAY_MAX_PAYLOAD: "2048", HOOKRELAY_MAX_REQUEST_HEADERS: "20" },
    routes: [() => new Elysia().onRequest(({ request }) => { throughElysia.push(`${request.method} ${pathOf(request.url)}`); })],
  });
  await t.api("/api/v1/app", { body: { name: "Acme", uid: "acme" } });
});
afterAll(() => t.close());

interface Call { path: string; method?: string; body?: string; headers?: Record<string, string> }

/** The same request over HTTP (native route) and in process through Elysia: status and JSON body of each. */
async function both(c: Call): Promise<{ native: { status: number; body: any }; elysia: { status: number; body: any } }> {
  // content-length set by hand: the wire carries one, an in-process Request would not.
  const length: Record<string, string> = c.body === undefined ? {} : { "content-length": String(Buffer.byteLength(c.body)) };
  const init = (): RequestInit => ({ method: c.method ?? "POST", headers: { "content-type": "application/json", authorization: `Bearer ${t.token}`, ...length, ...c.headers }, body: c.body });
  const read = async (r: Response) => { const text = await r.text(); let body: any = text; try { body = JSON.parse(text); } catch { /* not JSON */ } return { status: r.status, body }; };
  const native = await read(await fetch(`${t.url}${c.path}`, init()));
  const elysia = await read(await t.app.handle(new Request(`${t.url}${c.path}`, init())));
  return { native, elysia };
}

/** A message answer without the fields that differ between two creates (id, timestamp). */
const shape = (b: any) => (b && typeof b === "object" ? { ...b, id: typeof b.id, timestamp: typeof b.timestamp } : b);

describe("message POSTs served by Bun's router", () => {
  test("with and without a trailing slash they skip Elysia's hooks and answer what the Elysia route answers", async () => {
    throughElysia.length = 0;
    for (const path of ["/api/v1/app/acme/msg", "/api/v1/app/acme/msg/", "/api/v1/app/acme/msg/?with_content=false"]) {
      const { native, elysia } = await both({ path, body: JSON.stringify({ eventType: "user.created", payload: { n: 1.10, big: 12345678901234567890 } }) });
      expect(native.status).toBe(202);
      expect(shape(native.body)).toEqual(shape(elysia.body));
    }
    // Only the three in-process calls went through Elysia.
    expect(throughElysia).toEqual(["POST /api/v1/app/acme/msg", "POST /api/v1/app/acme/msg/", "POST /api/v1/app/acme/msg/"]);
  });

  test("refusals match Elysia's: 401 without or with a bad token, 400 bad JSON, 404 unknown app, 409 duplicate eventId, 422 invalid fields", async () => {
    const cases: Call[] = [
      { path: "/api/v1/app/acme/msg", body: "{}", headers: { authorization: "" } },
      { path: "/api/v1/app/acme/msg/", body: "{}", headers: { authorization: "Bearer nope" } },
      { path: "/api/v1/app/acme/msg", body: "{not json" },
      { path: "/api/v1/app/nobody/msg", body: JSON.stringify({ eventType: "a.b", payload: {} }) },
      { path: "/api/v1/app/acme/msg", body: JSON.stringify({ eventType: "bad type!", payload: [] }) },
      { path: "/api/v1/app/acme/msg", body: JSON.stringify({ eventType: "a.b", payload: { big: "x".repeat(3000) } }) },
    ];
    const statuses: number[] = [];
    for (const c of cases) {
      const { native, elysia } = await both(c);
      expect(native).toEqual(elysia);
      statuses.push(native.status);
    }
    expect(statuses).toEqual([401, 401, 400, 404, 422, 413]);
    const dup = JSON.stringify({ eventType: "a.b", eventId: "evt-native", payload: {} });
    expect((await fetch(`${t.url}/api/v1/app/acme/msg`, { method: "POST", headers: { authorization: `Bearer ${t.token}` }, body: dup })).status).toBe(202);
    const again = await both({ path: "/api/v1/app/acme/msg", body: dup });
    expect(again.native).toEqual(again.elysia);
    expect(again.native.status).toBe(409);
  });

  test("too many headers (431) and a declared body over the limit (413) are refused before the token is checked", async () => {
    const many: Record<string, string> = { authorization: "" };
    for (let i = 0; i < 25; i++) many[`x-h${i}`] = "1";
    const headers = await both({ path: "/api/v1/app/acme/msg/", body: "{}", headers: many });
    // The counts differ: fetch adds its own headers (host, user-agent, accept, …) on the wire.
    expect(headers.native).toMatchObject({ status: 431, body: { code: "too_many_headers" } });
    expect(headers.elysia).toMatchObject({ status: 431, body: { code: "too_many_headers" } });
    const big = await both({ path: "/api/v1/app/acme/msg", body: JSON.stringify({ eventType: "a.b", payload: { x: "y".repeat(70_000) } }), headers: { authorization: "" } });
    expect(big.native).toEqual(big.elysia);
    expect(big.native).toMatchObject({ status: 413, body: { code: "payload_too_large" } });
  });

  test("an Idempotency-Key replays the first answer on the native route", async () => {
    const send = () => fetch(`${t.url}/api/v1/app/acme/msg/`, { method: "POST", headers: { authorization: `Bearer ${t.token}`, "idempotency-key": "native-1" }, body: JSON.stringify({ eventType: "a.b", payload: { k: 1 } }) });
    const first = await send();
    const second = await send();
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await second.json()).toEqual(await first.json());
  });

  test("other methods and longer paths under /msg/ still go to Elysia's routes", async () => {
    throughElysia.length = 0;
    const get = (p: string) => fetch(`${t.url}${p}`, { headers: { authorization: `Bearer ${t.token}` } });
    expect((await get("/api/v1/app/acme/msg")).status).toBe(200);
    expect((await get("/api/v1/app/acme/msg/")).status).toBe(200);
    const precheck = await fetch(`${t.url}/api/v1/app/acme/msg/precheck/active`, { method: "POST", headers: { authorization: `Bearer ${t.token}` }, body: JSON.stringify({ eventType: "a.b" }) });
    expect(precheck.status).toBe(200);
    expect(await precheck.json()).toEqual({ active: false });
    // Looks like a create by its last segment, but is no route: Elysia's 404, not a message.
    const odd = await fetch(`${t.url}/api/v1/app/acme/msg/x/msg/`, { method: "POST", headers: { authorization: `Bearer ${t.token}` }, body: JSON.stringify({ eventType: "a.b", payload: {} }) });
    expect(odd.status).toBe(404);
    expect(throughElysia).toEqual(["GET /api/v1/app/acme/msg", "GET /api/v1/app/acme/msg/", "POST /api/v1/app/acme/msg/precheck/active", "POST /api/v1/app/acme/msg/x/msg/"]);
  });
});

describe("the ingest URL served by Bun's router", () => {
  test("every method and sub-path skips Elysia's hooks and answers what the Elysia route answers; the stream URL stays Elysia's", async () => {
    const src = await (await t.api("/ingest/api/v1/source", { body: { name: "native", type: "generic-webhook" } })).json();
    const ingest: string = src.ingestUrl;
    const path = ingest.slice(t.url.length);
    throughElysia.length = 0;
    const calls: Call[] = [
      { path, body: JSON.stringify({ a: 1 }) },
      { path: `${path}/deep/sub/path?x=1`, method: "PUT", body: "plain text" },
      { path: `${path}/`, method: "PATCH", body: "{}" },
      { path: "/in/no-such-token", body: "{}" },
      { path: "/in/no-such-token/sub", method: "DELETE" },
    ];
    for (const c of calls) {
      const { native, elysia } = await both({ ...c, headers: { authorization: "" } });
      expect({ status: native.status, body: shape(native.body) }).toEqual({ status: elysia.status, body: shape(elysia.body) });
    }
    const head = await fetch(`${t.url}${path}`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    // Only the in-process calls went through Elysia.
    expect(throughElysia).toEqual(calls.map((c) => `${c.method ?? "POST"} ${c.path.split("?")[0]}`));
    const captured = t.app.ctx.store.sqlite.query("SELECT method, path FROM ingest_requests WHERE source_id = ? ORDER BY seq").all(src.id);
    expect(captured).toEqual([
      { method: "POST", path: "/" }, { method: "POST", path: "/" },
      { method: "PUT", path: "/deep/sub/path" }, { method: "PUT", path: "/deep/sub/path" },
      { method: "PATCH", path: "/" }, { method: "PATCH", path: "/" },
      { method: "HEAD", path: "/" },
    ]);
    throughElysia.length = 0;
    const stream = await fetch(src.streamUrl, { headers: { accept: "text/event-stream" } });
    expect(stream.status).toBe(200);
    await stream.body!.cancel();
    expect(throughElysia).toEqual([`GET ${pathOf(src.streamUrl)}`]);
  });
});
