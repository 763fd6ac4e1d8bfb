import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ApiException } from "svix";
import { createTestApp, type TestApp } from "../../helpers/test-app";
import { svixFor } from "./helpers";

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ env: { HOOKRELAY_ALLOW_PRIVATE_DESTINATIONS: "true" } }); });
afterAll(() => t.close());

async function status(p: Promise<unknown>): Promise<number> {
  try { await p; return 0; } catch (e) { if (e instanceof ApiException) return e.code; throw e; }
}

describe("svix.ingest.source", () => {
  test("create, get, list, update, rotateToken and delete work through the svix SDK", async () => {
    const svix = svixFor(t);
    const created = await svix.ingest.source.create({ name: "payments", uid: "stripe-prod", type: "stripe", config: { secret: "whsec_sdk_secret" }, metadata: { team: "billing" } });
    expect(created.id).toStartWith("src_");
    expect(created.ingestUrl).toStartWith(`${t.url}/in/`);
    expect(created.createdAt).toBeInstanceOf(Date);
    expect((created as any).config).toEqual({});

    const byUid = await svix.ingest.source.get("stripe-prod");
    expect(byUid.id).toBe(created.id);
    expect(byUid.metadata).toEqual({ team: "billing" });

    const list = await svix.ingest.source.list({ limit: 10 });
    expect(list.data.map((s) => s.id)).toContain(created.id);
    expect(list.done).toBe(true);

    const updated = await svix.ingest.source.update(created.id, { name: "payments-eu", type: "stripe", config: { secret: "whsec_rotated" } });
    expect(updated.name).toBe("payments-eu");

    const rotated = await svix.ingest.source.rotateToken(created.id);
    expect(rotated.ingestUrl).not.toBe(created.ingestUrl);
    expect((await fetch(created.ingestUrl!, { method: "POST", body: "{}" })).status).toBe(404);

    await svix.ingest.source.delete(created.id);
    expect(await status(svix.ingest.source.get(created.id))).toBe(404);
  });

  test("provider secrets are sealed at rest and never shown in API output", async () => {
    const svix = svixFor(t);
    const s = await svix.ingest.source.create({ name: "gh", type: "github", config: { secret: "gh-plain-secret-value" } });
    const row = t.app.ctx.store.sqlite.query<{ c: string }, [string]>("SELECT config_enc AS c FROM sources WHERE id = ?").get(s.id)!;
    expect(row.c).toStartWith("v1:");
    expect(row.c).not.toContain("gh-plain-secret-value");
    const raw = await (await t.api(`/ingest/api/v1/source/${s.id}`)).text();
    expect(raw).not.toContain("gh-plain-secret-value");
  });

  test("an unknown type, a bad config and a duplicate uid get 422 and 409", async () => {
    const svix = svixFor(t);
    expect(await status(svix.ingest.source.create({ name: "x", type: "cron", config: { schedule: "* * * * *", payload: "" } } as any))).toBe(422);
    expect(await status(svix.ingest.source.create({ name: "x", type: "stripe", config: {} as any }))).toBe(422);
    await svix.ingest.source.create({ name: "a", uid: "dup-uid", type: "generic-webhook" });
    expect(await status(svix.ingest.source.create({ name: "b", uid: "dup-uid", type: "generic-webhook" }))).toBe(409);
    const r = await t.api("/ingest/api/v1/source", { body: { name: "x", type: "stripe", config: {} } });
    expect((await r.json()).detail[0].loc).toEqual(["body", "config", "secret"]);
  });

  test("a config field the type does not have is refused with 422 naming it, on create and on update", async () => {
    const typo = await t.api("/ingest/api/v1/source", { body: { name: "x", type: "api-key", config: { key: "k", query: "key" } } });
    expect(typo.status).toBe(422);
    const detail = (await typo.json()).detail[0];
    expect(detail.loc).toEqual(["body", "config", "query"]);
    expect(detail.msg).toContain("queryParam");
    const ok = await t.api("/ingest/api/v1/source", { body: { name: "x", type: "api-key", config: { key: "k", queryParam: "key" } } });
    expect(ok.status).toBe(201);
    const { id } = await ok.json();
    const put = await t.api(`/ingest/api/v1/source/${id}`, { method: "PUT", body: { name: "x", type: "api-key", config: { key: "k", queryParm: "key" } } });
    expect(put.status).toBe(422);
    expect((await put.json()).detail[0].loc).toEqual(["body", "config", "queryParm"]);
  });

  test("a repeated Idempotency-Key returns the first source instead of creating another", async () => {
    const headers = { "idempotency-key": "create-once-1" };
    const body = { name: "idem", type: "generic-webhook" };
    const a = await t.api("/ingest/api/v1/source", { body, headers });
    const b = await t.api("/ingest/api/v1/source", { body, headers });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers.get("idempotent-replayed")).toBe("true");
    expect((await b.json()).id).toBe((await a.json()).id);
    const other = await t.api("/ingest/api/v1/source", { body: { ...body, name: "different" }, headers });
    expect(other.status).toBe(422);
  });

  test("malformed bodies and queries get 400/422, never a 500", async () => {
    expect((await t.api("/ingest/api/v1/source", { body: "{not json" })).status).toBe(400);
    expect((await t.api("/ingest/api/v1/source", { body: [1, 2] })).status).toBe(422);
    expect((await t.api("/ingest/api/v1/source", { body: { name: 5, type: "generic-webhook" } })).status).toBe(422);
    expect((await t.api("/ingest/api/v1/source?limit=1000")).status).toBe(422);
    expect((await t.api("/ingest/api/v1/source?order=sideways")).status).toBe(422);
    expect((await t.api("/ingest/api/v1/source?iterator=garbage")).status).toBe(200);
    expect((await t.api("/ingest/api/v1/source/src_nope/request?since=yesterday")).status).toBe(404);
  });

  test("requests without a valid bearer token get 401, also on unknown paths", async () => {
    expect((await t.api("/ingest/api/v1/source", { token: null })).status).toBe(401);
    expect((await t.api("/ingest/api/v1/source", { token: "hr_wrong" })).status).toBe(401);
    expect((await t.api("/ingest/api/v1/nothing-here", { token: null })).status).toBe(401);
    expect((await t.api("/ingest/api/v1/nothing-here")).status).toBe(404);
  });

  test("hookrelay extension fields survive an SDK update that does not send them", async () => {
    const r = await t.api("/ingest/api/v1/source", {
      body: { name: "ext", type: "generic-webhook", response: { status: 202, body: "thanks", contentType: "text/plain" }, dedupe: { header: "x-id", windowSec: 60 }, ipAllowlist: ["127.0.0.1/32"] },
    });
    const s = await r.json();
    expect(s.streamUrl).toStartWith(`${t.url}/in/stream/`);
    await svixFor(t).ingest.source.update(s.id, { name: "ext2", type: "generic-webhook" });
    const after = await (await t.api(`/ingest/api/v1/source/${s.id}`)).json();
    expect(after).toMatchObject({ name: "ext2", response: { status: 202, body: "thanks", contentType: "text/plain" }, dedupe: { header: "x-id", windowSec: 60 }, ipAllowlist: ["127.0.0.1/32"] });
    const bad = await t.api(`/ingest/api/v1/source/${s.id}`, { method: "PUT", body: { name: "x", type: "generic-webhook", response: { status: 500 } } });
    expect(bad.status).toBe(422);
  });

  test("a GET then PUT round trip keeps the stored provider secret", async () => {
    const s = await svixFor(t).ingest.source.create({ name: "rt", type: "slack", config: { secret: "slack-signing-secret" } });
    const got = await (await t.api(`/ingest/api/v1/source/${s.id}`)).json();
    const put = await t.api(`/ingest/api/v1/source/${s.id}`, { method: "PUT", body: { name: "rt2", type: got.type, config: got.config } });
    expect(put.status).toBe(200);
    const cfg = JSON.parse(t.app.ctx.secrets.open(t.app.ctx.store.sqlite.query<{ c: string }, [string]>("SELECT config_enc AS c FROM sources WHERE id = ?").get(s.id)!.c));
    expect(cfg.secret).toBe("slack-signing-secret");
  });

  test("an ingest URL in use stops working at once when its token is rotated or its source deleted, and a config change applies to the next request", async () => {
    const svix = svixFor(t);
    const src = await svix.ingest.source.create({ name: "hot", type: "generic-webhook", uid: "hot-src" });
    const post = (url: string) => fetch(url, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect((await post(src.ingestUrl!)).status).toBe(200);
    expect((await post(src.ingestUrl!)).status).toBe(200);
    // A verifying type now: the same unsigned request is refused on the very next try.
    await svix.ingest.source.update(src.id, { name: "hot", type: "stripe", config: { secret: "whsec_abc" } });
    expect((await post(src.ingestUrl!)).status).toBe(401);
    await svix.ingest.source.update(src.id, { name: "hot", type: "generic-webhook" });
    expect((await post(src.ingestUrl!)).status).toBe(200);
    const rotated = await svix.ingest.source.rotateToken(src.id);
    expect((await post(src.ingestUrl!)).status).toBe(404);
    expect((await post(rotated.ingestUrl!)).status).toBe(200);
    await svix.ingest.source.delete(src.id);
    expect((await post(rotated.ingestUrl!)).status).toBe(404);
  });
});

describe("svix.ingest.endpoint", () => {
  test("every SDK endpoint call works against a source", async () => {
    const svix = svixFor(t);
    const src = await svix.ingest.source.create({ name: "fwd", type: "generic-webhook" });
    const ep = await svix.ingest.endpoint.create(src.id, { url: "http://127.0.0.1:9/hook", uid: "local", description: "local dev", throttleRate: 5, metadata: { a: "b" } });
    expect(ep.id).toStartWith("ep_");
    expect(ep.throttleRate).toBe(5);
    expect((await svix.ingest.endpoint.get(src.id, "local")).id).toBe(ep.id);
    expect((await svix.ingest.endpoint.list(src.id)).data.map((e) => e.id)).toEqual([ep.id]);

    const upd = await svix.ingest.endpoint.update(src.id, ep.id, { url: "http://127.0.0.1:9/other", disabled: true });
    expect(upd.url).toBe("http://127.0.0.1:9/other");
    expect(upd.disabled).toBe(true);

    const { key } = await svix.ingest.endpoint.getSecret(src.id, ep.id);
    expect(key).toStartWith("whsec_");
    await svix.ingest.endpoint.rotateSecret(src.id, ep.id, {});
    expect((await svix.ingest.endpoint.getSecret(src.id, ep.id)).key).not.toBe(key);
    const mine = "whsec_" + Buffer.alloc(32, 7).toString("base64");
    await svix.ingest.endpoint.rotateSecret(src.id, ep.id, { key: mine });
    expect((await svix.ingest.endpoint.getSecret(src.id, ep.id)).key).toBe(mine);

    await svix.ingest.endpoint.updateHeaders(src.id, ep.id, { headers: { "X-Env": "dev", Authorization: "Bearer abc" } });
    expect(await svix.ingest.endpoint.getHeaders(src.id, ep.id)).toEqual({ headers: { "X-Env": "dev" }, sensitive: ["Authorization"] });

    expect(await svix.ingest.endpoint.getTransformation(src.id, ep.id)).toEqual({ code: null, enabled: false });
    await svix.ingest.endpoint.setTransformation(src.id, ep.id, { enabled: false });
    expect(await status(svix.ingest.endpoint.setTransformation(src.id, ep.id, { enabled: true, code: "function handler(w) { return w }" }))).toBe(422);

    await svix.ingest.endpoint.delete(src.id, ep.id);
    expect(await status(svix.ingest.endpoint.get(src.id, ep.id))).toBe(404);
  });

  test("endpoint URLs, secrets, headers and filters are validated", async () => {
    const src = (await (await t.api("/ingest/api/v1/source", { body: { name: "v", type: "generic-webhook" } })).json()).id;
    const post = (body: unknown) => t.api(`/ingest/api/v1/source/${src}/endpoint`, { body });
    expect((await post({ url: "ftp://example.com" })).status).toBe(422);
    expect((await post({ url: "https://example.com", secret: "not-a-secret" })).status).toBe(422);
    expect((await post({ url: "https://example.com", headers: { "webhook-signature": "x" } })).status).toBe(422);
    const bad = await post({ url: "https://example.com", filter: { body: { a: { $like: 1 } } } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).detail[0].msg).toContain("$like");
    const ok = await post({ url: "https://example.com", filter: { headers: { "X-Event": "push" } } });
    expect((await ok.json()).filter).toEqual({ headers: { "x-event": "push" } });
  });

  test("a private destination is refused unless private destinations are allowed", async () => {
    const strict = await createTestApp();
    try {
      const src = (await (await strict.api("/ingest/api/v1/source", { body: { name: "p", type: "generic-webhook" } })).json()).id;
      const r = await strict.api(`/ingest/api/v1/source/${src}/endpoint`, { body: { url: "http://127.0.0.1:3000/hook" } });
      expect(r.status).toBe(422);
      expect(JSON.stringify(await r.json())).toContain("allow-private-destinations");
    } finally { await strict.close(); }
  });
});
