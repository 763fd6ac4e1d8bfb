// Secrets at rest and in transit to logs: after real traffic (endpoint secrets created and rotated,
// deliveries signed, receiver credentials in endpoint headers, a provider-signed source reached
// through its ingest and stream URLs, a UI login, API tokens, a polling endpoint's consumer keys, an integration's keys), no secret, token, password, header
// credential or session cookie appears — plain, hex or base64 — in the database files, the logs,
// any API/UI response other than the deliberate reveals, or the attempt records. A copy of the
// database without the key file reveals nothing either.
import { describe, expect, test, beforeAll, afterAll } from "bun:test";
import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { deliveryEngine } from "../../src/delivery";
import { createToken } from "../../src/store/tokens";
import { insertUser } from "../../src/store/users";
import { hashPassword } from "../../src/auth/passwords";
import { createSecretBox, SecretKeyMismatchError } from "../../src/lib/secret-box";
import { KEY_FILE } from "../../src/store/data-dir";
import { findLeaks, secretForms } from "./helpers/secret-forms";

let t: TestApp;
let rx: Receiver;
const secrets: Record<string, string> = {};
/**
 * Every response body we received, with the secrets it may show on purpose: GET …/secret reveals
 * the signing secret, a source's create/get/list answer carries its ingest and stream URLs.
 */
const responses: { what: string; body: string; shows: string[] }[] = [];
let appId = "", epId = "", sourceId = "";
const URL_TOKENS = ["ingestToken", "streamToken"];

async function call(path: string, init: Parameters<TestApp["api"]>[1] = {}, shows: string[] | "everything" = []) {
  const r = await t.api(path, init);
  const body = await r.text();
  if (shows !== "everything") responses.push({ what: `${init.method ?? (init.body ? "POST" : "GET")} ${path} → ${r.status}`, body, shows });
  return { status: r.status, body, json: () => JSON.parse(body) };
}
async function fetchAndKeep(what: string, url: string, init: RequestInit = {}) {
  const r = await fetch(url, { redirect: "manual", ...init });
  const body = await r.text();
  responses.push({ what: `${what} → ${r.status}`, body, shows: [] });
  return { status: r.status, body, headers: r.headers };
}

beforeAll(async () => {
  t = await createTestApp({ flags: { "allow-private-destinations": true } });
  rx = startReceiver();
  t.clock.set(Date.now()); // signatures are checked below with the real standardwebhooks verifier (±5 min)
  secrets.apiToken = t.token;
  secrets.encryptionKey = readFileSync(join(t.dataDir, KEY_FILE), "utf8").trim();

  // Outbound: an endpoint, three signed deliveries, a rotation, two more deliveries.
  appId = (await call("/api/v1/app/", { body: { name: "grep" } })).json().id;
  epId = (await call(`/api/v1/app/${appId}/endpoint/`, { body: { url: `${rx.url}/out` } })).json().id;
  secrets.endpointSecret = (await call(`/api/v1/app/${appId}/endpoint/${epId}/secret/`, {}, "everything")).json().key;
  // The receiver's own credential, sent as a custom header with every delivery.
  secrets.receiverAuthorization = `Bearer rcv-${randomBytes(18).toString("base64url")}`;
  expect((await call(`/api/v1/app/${appId}/endpoint/${epId}/headers/`, { method: "PUT", body: { headers: { Authorization: secrets.receiverAuthorization, "X-Team": "grep" } } })).status).toBe(204);
  for (let i = 0; i < 3; i++) expect((await call(`/api/v1/app/${appId}/msg/`, { body: { eventType: "grep.test", payload: { i } } })).status).toBe(202);
  await rx.waitFor(3);
  expect((await call(`/api/v1/app/${appId}/endpoint/${epId}/secret/rotate/`, { body: {} })).status).toBe(204);
  secrets.rotatedSecret = (await call(`/api/v1/app/${appId}/endpoint/${epId}/secret/`, {}, "everything")).json().key;
  for (let i = 3; i < 5; i++) await call(`/api/v1/app/${appId}/msg/`, { body: { eventType: "grep.test", payload: { i } } });
  await rx.waitFor(5);

  // Inbound: a GitHub source with its webhook secret, correctly and wrongly signed requests, a forward.
  secrets.providerSecret = `gh-${randomBytes(18).toString("base64url")}`;
  const src = (await call("/ingest/api/v1/source", { body: { name: "gh", type: "github", config: { secret: secrets.providerSecret } } }, URL_TOKENS)).json();
  sourceId = src.id;
  secrets.ingestToken = new URL(src.ingestUrl).pathname.split("/")[2];
  secrets.streamToken = new URL(src.streamUrl).pathname.split("/")[3];
  const fwd = (await call(`/ingest/api/v1/source/${sourceId}/endpoint`, { body: { url: `${rx.url}/fwd` } })).json();
  secrets.forwardSecret = (await call(`/ingest/api/v1/source/${sourceId}/endpoint/${fwd.id}/secret`, {}, "everything")).json().key;
  secrets.forwardApiKey = `key-${randomBytes(18).toString("base64url")}`;
  expect((await call(`/ingest/api/v1/source/${sourceId}/endpoint/${fwd.id}/headers`, { method: "PUT", body: { headers: { "X-Api-Key": secrets.forwardApiKey } } })).status).toBe(204);
  // The stream URL is live: its first event (ready) arrives, then we hang up.
  const stream = await fetch(src.streamUrl);
  expect(stream.status).toBe(200);
  const reader = stream.body!.getReader();
  expect(new TextDecoder().decode((await reader.read()).value)).toContain("event: ready");
  await reader.cancel();
  for (let i = 0; i < 3; i++) {
    const body = JSON.stringify({ action: "opened", number: i });
    const sig = "sha256=" + createHmac("sha256", secrets.providerSecret).update(body).digest("hex");
    const r = await fetchAndKeep("ingest signed", src.ingestUrl, { method: "POST", body, headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-hub-signature-256": sig } });
    expect(r.status).toBe(200);
  }
  const bad = await fetchAndKeep("ingest bad signature", src.ingestUrl, { method: "POST", body: "{}", headers: { "x-hub-signature-256": "sha256=" + "0".repeat(64) } });
  expect(bad.status).toBe(401);
  await rx.waitFor(8);

  // UI: a user signs in (after one wrong password), then loads the dashboard.
  secrets.password = `pw-${randomBytes(15).toString("base64url")}`;
  secrets.wrongPassword = `wrong-${randomBytes(15).toString("base64url")}`;
  insertUser(t.app.ctx.store, { email: "admin@example.com", passwordHash: await hashPassword(secrets.password), role: "admin" }, t.clock.now());
  const page = await fetchAndKeep("GET /login", `${t.url}/login`, { headers: { accept: "text/html" } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
  const pre = page.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const form = (pw: string) => ({ method: "POST", body: new URLSearchParams({ email: "admin@example.com", password: pw, _csrf: csrf }), headers: { cookie: pre, "content-type": "application/x-www-form-urlencoded" } });
  expect((await fetchAndKeep("POST /login wrong", `${t.url}/login`, form(secrets.wrongPassword))).status).toBe(401);
  const login = await fetchAndKeep("POST /login", `${t.url}/login`, form(secrets.password));
  expect(login.status).toBe(303);
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith("hr_session="))!.split(";")[0];
  secrets.sessionCookie = decodeURIComponent(cookie.slice("hr_session=".length));
  await fetchAndKeep("GET / signed in", `${t.url}/`, { headers: { cookie, accept: "text/html" } });

  // A second API token, used once.
  secrets.secondToken = createToken(t.app.ctx.store, "second", t.clock.now()).token;
  expect((await call("/api/v1/auth/whoami", { token: secrets.secondToken })).status).toBe(200);

  // A polling endpoint's consumer key (shown in the create and rotate answers only), used to poll; then replaced.
  const poller = (await call(`/api/v1/app/${appId}/polling-endpoint`, { body: { uid: "grep" } }, ["pollerKey"])).json();
  secrets.pollerKey = poller.key;
  expect((await call(`/api/v1/app/${appId}/poller/grep/consumer/c1`, { token: secrets.pollerKey })).status).toBe(200);
  secrets.rotatedPollerKey = (await call(`/api/v1/app/${appId}/polling-endpoint/grep/key/rotate`, { method: "POST" }, ["rotatedPollerKey"])).json().key;
  expect((await call(`/api/v1/app/${appId}/poller/grep`, { token: secrets.rotatedPollerKey })).status).toBe(200);
  await call(`/api/v1/app/${appId}/polling-endpoint/grep`);
  await call(`/api/v1/app/${appId}/polling-endpoint`);

  // An integration's key (in the create and rotate answers only), used on its application; then replaced.
  const integ = (await call(`/api/v1/app/${appId}/integration`, { body: { name: "grep" } }, ["integrationKey"])).json();
  secrets.integrationKey = integ.key;
  expect((await call(`/api/v1/app/${appId}/endpoint`, { token: secrets.integrationKey })).status).toBe(200);
  secrets.rotatedIntegrationKey = (await call(`/api/v1/app/${appId}/integration/${integ.id}/key/rotate`, { method: "POST" }, ["rotatedIntegrationKey"])).json().key;
  expect((await call(`/api/v1/app/${appId}/msg`, { token: secrets.rotatedIntegrationKey })).status).toBe(200);
  await call(`/api/v1/app/${appId}/integration`);
  await call(`/api/v1/app/${appId}/integration/${integ.id}`);

  // Read back everything an operator would look at.
  await deliveryEngine(t.app.ctx).idle();
  const msgs = (await call(`/api/v1/app/${appId}/msg/`)).json().data as { id: string }[];
  for (const m of msgs) await call(`/api/v1/app/${appId}/attempt/msg/${m.id}/`);
  await call(`/api/v1/app/${appId}/attempt/endpoint/${epId}/`);
  await call(`/api/v1/app/${appId}/endpoint/${epId}/`);
  await call(`/api/v1/app/${appId}/endpoint/`);
  await call(`/ingest/api/v1/source/${sourceId}`, {}, URL_TOKENS);
  await call("/ingest/api/v1/source", {}, URL_TOKENS);
  await call(`/api/v1/app/${appId}/endpoint/${epId}/headers/`);
  await call(`/ingest/api/v1/source/${sourceId}/endpoint/${fwd.id}/headers`);
  await call(`/ingest/api/v1/source/${sourceId}/endpoint/${fwd.id}`);
  const reqs = (await call(`/ingest/api/v1/source/${sourceId}/request`)).json().data as { id: string }[];
  for (const q of reqs) await call(`/ingest/api/v1/source/${sourceId}/request/${q.id}`);
  await call("/api/v1/audit-log");
}, 60_000);

afterAll(async () => { rx.close(); await t.close(); });

describe("no secret leaks", () => {
  test("the traffic really used the secrets: deliveries verify with the endpoint secrets", () => {
    const out = rx.requests.filter((r) => r.path === "/out");
    expect(out.length).toBe(5);
    for (const r of out.slice(0, 3)) expect(() => new Webhook(secrets.endpointSecret).verify(r.body, r.headers)).not.toThrow();
    for (const r of out.slice(3)) expect(() => new Webhook(secrets.rotatedSecret).verify(r.body, r.headers)).not.toThrow();
    for (const r of out) expect(r.headers.authorization).toBe(secrets.receiverAuthorization);
    const fwd = rx.requests.filter((r) => r.path === "/fwd");
    expect(fwd.length).toBe(3);
    for (const r of fwd) expect(r.headers["x-api-key"]).toBe(secrets.forwardApiKey);
    expect(Object.keys(secrets).length).toBe(18);
    for (const s of Object.values(secrets)) expect(secretForms(s).length).toBeGreaterThan(3);
  });

  test("no file in the data dir except the key file holds a secret, in any encoding", () => {
    const files = readdirSync(t.dataDir, { recursive: true }).map(String).filter((f) => f !== KEY_FILE && statSync(join(t.dataDir, f)).isFile());
    expect(files).toContain("hookrelay.db");
    expect(files).toContain("hookrelay.db-wal");
    const { encryptionKey: _k, ...storable } = secrets;
    const leaks = files.flatMap((f) => findLeaks(readFileSync(join(t.dataDir, f)), { ...storable, encryptionKey: secrets.encryptionKey }).map((l) => `${f}: ${l}`));
    expect(leaks).toEqual([]);
  });

  test("no log line holds a secret", () => {
    expect(t.logs.length).toBeGreaterThan(0);
    expect(t.logs.flatMap((l) => findLeaks(l, secrets))).toEqual([]);
  });

  test("no API or UI response other than the reveal endpoints holds a secret", () => {
    expect(responses.length).toBeGreaterThan(25);
    const unshown = (r: { shows: string[] }) => Object.fromEntries(Object.entries(secrets).filter(([k]) => !r.shows.includes(k)));
    expect(responses.flatMap((r) => findLeaks(r.body, unshown(r)).map((l) => `${r.what}: ${l}`))).toEqual([]);
    // What a response may show was really in it (so the check above is not vacuous for those secrets).
    const shown = responses.filter((r) => r.shows.length);
    expect(shown.length).toBeGreaterThanOrEqual(5);
    expect(shown.flatMap((r) => r.shows.filter((k) => !r.body.includes(secrets[k])).map((k) => `${r.what}: ${k}`))).toEqual([]);
  });

  test("attempt records keep no signature and no secret", () => {
    const rows = t.app.ctx.store.sqlite.query("SELECT request_headers, response_headers, response_body, error FROM attempts").all() as Record<string, string | null>[];
    expect(rows.length).toBeGreaterThanOrEqual(8);
    const text = JSON.stringify(rows);
    expect(findLeaks(text, secrets)).toEqual([]);
    for (const r of rows) expect(r.request_headers).not.toMatch(/v1,[A-Za-z0-9+/=]{40}/);
  });

  test("a copy of the database without the key file reveals no secret and cannot be decrypted", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hookrelay-stolen-"));
    try {
      t.app.ctx.store.sqlite.run(`VACUUM INTO '${join(dir, "hookrelay.db")}'`);
      expect(findLeaks(readFileSync(join(dir, "hookrelay.db")), secrets)).toEqual([]);
      // Whoever holds only the copy has to guess the key: a different key opens nothing.
      const stolen = createTestApp({ env: { HOOKRELAY_DATA_DIR: dir } });
      const thief = createSecretBox(randomBytes(32));
      const sealed = t.app.ctx.store.sqlite.query(`SELECT secret_enc AS s FROM endpoints UNION ALL SELECT headers FROM endpoints WHERE headers <> '{}'
        UNION ALL SELECT config_enc FROM sources UNION ALL SELECT ingest_token_enc FROM sources UNION ALL SELECT stream_token_enc FROM sources`).all() as { s: string }[];
      expect(sealed.length).toBeGreaterThanOrEqual(7);
      for (const { s } of sealed) expect(() => thief.open(s)).toThrow(SecretKeyMismatchError);
      const other = await stolen;
      try {
        const r = await other.api(`/api/v1/app/${appId}/endpoint/${epId}/secret/`);
        const body = await r.text();
        expect(r.status).toBe(500); // an operator error, told to the operator in the log, not to the client
        expect(body).not.toContain("encryption");
        expect(other.logs.some((l) => l.includes("this server's encryption key is not the one that sealed it"))).toBe(true);
        expect(findLeaks(body, secrets)).toEqual([]);
        expect(other.logs.flatMap((l) => findLeaks(l, secrets))).toEqual([]);
      } finally {
        await other.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the leak detector itself", () => {
  test("finds a secret written plain, as hex, or inside a larger base64 blob at any alignment", () => {
    const s = "whsec_" + randomBytes(24).toString("base64");
    const raw = Buffer.from(s.slice(6), "base64");
    for (const pad of [0, 1, 2]) {
      const blob = Buffer.concat([randomBytes(pad + 5), Buffer.from(s), randomBytes(7)]).toString("base64");
      expect(findLeaks(`x${blob}y`, { s })).not.toEqual([]);
      const rawBlob = Buffer.concat([randomBytes(pad), raw, randomBytes(3)]).toString("base64url");
      expect(findLeaks(rawBlob, { s })).not.toEqual([]);
    }
    expect(findLeaks(`..${raw.toString("hex")}..`, { s })).not.toEqual([]);
    expect(findLeaks(`{"k":"${s}"}`, { s })).not.toEqual([]);
    expect(findLeaks(randomBytes(4096), { s })).toEqual([]);
  });
});
