// basic-auth and api-key sources authenticate with the sender's credential itself. It is checked and
// then dropped: the receiver, the request API, the long-poll feed (what `hookrelay listen` reads), the
// smee stream and the inspector never see the password or the key.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../../helpers/test-app";
import { startReceiver, type Receiver } from "../../helpers/receiver";
import { deliveryEngine } from "../../../src/delivery";
import { client, type UiClient } from "../ui/ui-client";
import { captured, makeEndpoint, makeSource } from "./helpers";
import { openSse } from "./sse";

const PASSWORD = "correct-horse-battery";
const KEY = "key_live_7f3a9c";
let t: TestApp;
let rx: Receiver;
let ui: UiClient;
beforeAll(async () => {
  t = await createTestApp({ env: { HOOKRELAY_ALLOW_PRIVATE_DESTINATIONS: "true" } });
  ui = await client(t, { email: "admin@example.com", role: "admin" });
});
afterAll(() => t.close());
beforeEach(() => { rx = startReceiver(); });
afterEach(() => rx.close());

const basic = (user: string, pass: string) => "Basic " + Buffer.from(`${user}:${pass}`).toString("base64");
const post = (url: string, headers: Record<string, string>) =>
  fetch(url, { method: "POST", body: '{"event":"ping"}', headers: { "content-type": "application/json", ...headers } });

/** Everything a client can read about one captured request, as text. */
async function everyView(sourceId: string, requestId: string): Promise<string> {
  const api = JSON.stringify(await captured(t, sourceId, requestId));
  const feed = await (await t.api(`/ingest/api/v1/source/${sourceId}/events?after=0`)).text();
  const inspector = await ui.html(`/sources/${sourceId}?request=${requestId}`);
  const partial = await (await ui.get(`/sources/${sourceId}/requests/${requestId}`, { "hx-request": "true" })).text();
  return [api, feed, inspector, partial].join("\n");
}

describe("source credentials are checked, then dropped", () => {
  test("basic-auth: the receiver gets no Authorization and no view shows the password", async () => {
    const src = await makeSource(t, { type: "basic-auth", config: { username: "relay", password: PASSWORD } });
    await makeEndpoint(t, src.id, { url: `${rx.url}/in` });
    const sse = await openSse(src.streamUrl);
    try {
      await sse.next();
      const r = await post(src.ingestUrl, { authorization: basic("relay", PASSWORD), "x-kept": "yes" });
      expect(r.status).toBe(200);
      const { id } = await r.json();
      const [got] = await rx.waitFor(1);
      await deliveryEngine(t.app.ctx).idle();
      expect(got.headers.authorization).toBeUndefined();
      expect(got.headers["x-kept"]).toBe("yes");

      const streamed = (await sse.nextMessage()).data;
      expect(JSON.parse(streamed)["x-kept"]).toBe("yes");
      const all = streamed + (await everyView(src.id, id));
      expect(all).not.toContain(PASSWORD);
      expect(all).not.toContain(basic("relay", PASSWORD).slice(6));
      expect(all.toLowerCase()).not.toContain('"authorization"');
      const inspector = await ui.html(`/sources/${src.id}?request=${id}`);
      expect(inspector).toContain("Username and password verified");
      expect(inspector).not.toContain("Signature verified");
      expect(inspector).toContain("the Authorization header was checked, then dropped");
    } finally { sse.close(); }
  });

  test("basic-auth: a wrong password is rejected and not stored either", async () => {
    const src = await makeSource(t, { type: "basic-auth", config: { username: "relay", password: PASSWORD } });
    const r = await post(src.ingestUrl, { authorization: basic("relay", "almost-" + PASSWORD) });
    expect(r.status).toBe(401);
    const { requestId } = { requestId: r.headers.get("x-hookrelay-request-id")! };
    const c = await captured(t, src.id, requestId);
    expect(c.status).toBe("rejected");
    expect(JSON.stringify(c)).not.toContain("almost-");
    expect(c.headers.map(([k]: [string]) => k.toLowerCase())).not.toContain("authorization");
  });

  test("api-key in a query parameter: the key is removed from the stored query, the forwarded URL and copy as curl; other parameters stay", async () => {
    const src = await makeSource(t, { type: "api-key", config: { key: KEY, queryParam: "key" } });
    await makeEndpoint(t, src.id, { url: `${rx.url}/in` });
    const r = await post(`${src.ingestUrl}/hook?a=1&key=${KEY}&b=x%20y`, {});
    expect(r.status).toBe(200);
    const { id } = await r.json();
    await rx.waitFor(1);
    await deliveryEngine(t.app.ctx).idle();
    expect(JSON.stringify(rx.requests)).not.toContain(KEY);
    const c = await captured(t, src.id, id);
    expect(c.query).toBe("a=1&b=x%20y");
    const all = await everyView(src.id, id);
    expect(all).not.toContain(KEY);
    expect(all).toContain("API key verified");
    expect(all).toContain("the key query parameter was checked, then dropped");
  });

  test("api-key in a header: the default X-API-Key header is neither forwarded nor shown", async () => {
    const src = await makeSource(t, { type: "api-key", config: { key: KEY } });
    await makeEndpoint(t, src.id, { url: `${rx.url}/in` });
    const r = await post(src.ingestUrl, { "x-api-key": KEY });
    expect(r.status).toBe(200);
    const { id } = await r.json();
    const [got] = await rx.waitFor(1);
    await deliveryEngine(t.app.ctx).idle();
    expect(got.headers["x-api-key"]).toBeUndefined();
    expect(await everyView(src.id, id)).not.toContain(KEY);
  });

  test("signing schemes keep their signature header: it proves this one request and travels on", async () => {
    const secret = "gh-secret";
    const body = '{"event":"ping"}';
    const sig = "sha256=" + new Bun.CryptoHasher("sha256", secret).update(body).digest("hex");
    const src = await makeSource(t, { type: "github", config: { secret } });
    await makeEndpoint(t, src.id, { url: `${rx.url}/in` });
    const r = await post(src.ingestUrl, { "x-hub-signature-256": sig });
    expect(r.status).toBe(200);
    const [got] = await rx.waitFor(1);
    await deliveryEngine(t.app.ctx).idle();
    expect(got.headers["x-hub-signature-256"]).toBe(sig);
  });
});
