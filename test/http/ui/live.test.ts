// The UI's live streams over real HTTP: attempts appear on the message and endpoint pages, captured
// requests (rejected ones too) and their forwarding outcome on the source page; a reconnect with the
// page's cursor replays what it missed under the same element ids; the poller stops with the last page.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { TestApp } from "../../helpers/test-app";
import { startReceiver, type Receiver } from "../../helpers/receiver";
import { openSse, until, type SseStream } from "../ingest/sse";
import { liveHubOf } from "../../../src/http/ui/live-hub";
import { deliveryEngine } from "../../../src/delivery";
import { appWithEndpoint, client, uiApp, type UiClient } from "./ui-client";

let t: TestApp;
let ui: UiClient;
let receiver: Receiver;
let cookie = "";
let ids: Awaited<ReturnType<typeof appWithEndpoint>>;
const open: SseStream[] = [];

const sse = async (path: string) => {
  const s = await openSse(t.url + path, { cookie });
  open.push(s);
  return s;
};
/** The next event of a kind, skipping others (catch-up replays, heartbeats). */
async function nextOf(s: SseStream, event: string, match: (data: string) => boolean = () => true) {
  for (;;) {
    const e = await s.next(8000);
    if (e.event === event && match(e.data)) return e;
  }
}

beforeAll(async () => {
  t = await uiApp();
  receiver = startReceiver();
  ui = await client(t, { email: "admin@example.com", role: "admin" });
  // The client keeps its cookies private; sign in once more by hand for the raw SSE fetches.
  const login = await fetch(`${t.url}/login`, { redirect: "manual" });
  const pre = login.headers.getSetCookie()[0].split(";")[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())![1];
  const res = await fetch(`${t.url}/login`, {
    method: "POST", redirect: "manual", headers: { cookie: pre, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: "admin@example.com", password: "admin@example.com password", _csrf: csrf }),
  });
  cookie = res.headers.getSetCookie().find((c) => c.startsWith("hr_session="))!.split(";")[0];
  ids = await appWithEndpoint(t, `${receiver.url}/hook`);
});

afterAll(async () => {
  for (const s of open) s.close();
  receiver.close();
  await t.close();
});

describe("endpoint page stream", () => {
  test("a new attempt arrives as a table row with the attempt's id", async () => {
    // The cursor the page rendered with (attempt rowid head): the stream starts after it.
    const after = /live\?after=(\d+)/.exec(await ui.html(ids.endpointPath))![1];
    const s = await sse(`${ids.endpointPath}/live?after=${after}`);
    expect(s.response.headers.get("content-type")).toBe("text/event-stream");
    await t.api(`/api/v1/app/${ids.appId}/msg`, { body: { eventType: "a.b", payload: { n: 1 } } });
    const e = await nextOf(s, "attempt");
    expect(e.data).toMatch(/^<tr id="attempt-atmpt_\w+" class="attempt-row">/);
    expect(e.data).toContain("Succeeded");
    s.close();

    // A reconnect from the page's original cursor replays the same row under the same id.
    const again = await sse(`${ids.endpointPath}/live?after=${after}`);
    const replay = await nextOf(again, "attempt");
    expect(replay.data.slice(0, 40)).toBe(e.data.slice(0, 40));
    again.close();
  });
});

describe("message page stream", () => {
  test("connecting sends every delivery card, and a resend's attempt updates that card", async () => {
    const sent = (await (await t.api(`/api/v1/app/${ids.appId}/msg`, { body: { eventType: "a.b", payload: { n: 2 } } })).json()) as { id: string };
    await receiver.waitFor(2);
    await deliveryEngine(t.app.ctx).idle();
    const s = await sse(`/messages/${sent.id}/live`);
    const first = await nextOf(s, "delivery");
    expect(first.data).toStartWith(`<section class="card" id="delivery-${ids.endpointId}"`);
    expect(first.data).toContain("1 attempt");
    expect((await ui.post(`/messages/${sent.id}/resend`, { endpoint_id: ids.endpointId }, { htmx: true })).status).toBe(200);
    const updated = await nextOf(s, "delivery", (d) => d.includes("2 attempts"));
    expect(updated.data).toContain("Manual");
  });
});

describe("source page stream", () => {
  test("rejected and accepted requests arrive as rows, and forwarding outcomes update in place", async () => {
    const src = await ui.post("/sources", { name: "GitHub", type: "github", secret: "gh-secret", forward_url: `${receiver.url}/fwd` });
    const sourcePath = src.headers.get("location")!;
    const html = await ui.html(sourcePath);
    const live = /sse-connect="([^"]+)"/.exec(html)![1].replaceAll("&amp;", "&");
    const ingest = /data-copy="([^"]*\/in\/[^"]+)"/.exec(html)![1];
    const s = await sse(live);

    // No signature: rejected, never on the inbound event bus, still shown.
    await fetch(ingest, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    const rejected = await nextOf(s, "request");
    expect(rejected.data).toContain('data-status="rejected"');

    const body = JSON.stringify({ action: "opened" });
    const sig = new Bun.CryptoHasher("sha256", "gh-secret").update(body).digest("hex");
    await fetch(ingest, { method: "POST", body, headers: { "content-type": "application/json", "x-hub-signature-256": `sha256=${sig}` } });
    const accepted = await nextOf(s, "request", (d) => d.includes('data-status="accepted"'));
    const rowId = /id="(req-msg_\w+)"/.exec(accepted.data)![1];
    // Once the forward's attempt is recorded: the forwarding section and the row (now "Forwarded"), in either order.
    let forward = "";
    let row = "";
    while (!forward || !row) {
      const e = await s.next(8000);
      if (e.event === "forward") forward = e.data;
      if (e.event === "request" && e.data.includes(rowId) && e.data.includes("Forwarded")) row = e.data;
    }
    expect(forward).toContain(`id="forward-${rowId.slice(4)}"`);
    expect(forward).toContain("Succeeded");
    expect(row).toStartWith(`<li class="req-item" id="${rowId}">`);
  });
});

describe("lifecycle", () => {
  test("a stream without a session is refused, and the poller stops when the last page goes away", async () => {
    const anon = await fetch(`${t.url}${ids.endpointPath}/live`, { redirect: "manual" });
    expect(anon.status).toBe(303);
    for (const s of open.splice(0)) s.close();
    const hub = liveHubOf(t.app.ctx);
    await until(() => hub.listeners === 0);
    expect(hub.listeners).toBe(0);
  });
});

test("stopping the app ends an open UI stream at once instead of waiting out the grace period", async () => {
  const t2 = await uiApp();
  const admin = await client(t2, { email: "a@example.com", role: "admin" });
  const { endpointPath } = await appWithEndpoint(t2);
  expect((await admin.get(endpointPath)).status).toBe(200);
  const res = await admin.get(`${endpointPath}/live`);
  expect(res.headers.get("content-type")).toBe("text/event-stream");
  const reader = res.body!.getReader();
  await reader.read(); // open: the retry hint arrived
  // A 60 s grace: if the stream were not closed first, stop() would hold for the whole minute.
  const stopped = t2.app.stop(60_000);
  let done = false;
  while (!done) done = (await reader.read().catch(() => ({ done: true }))).done;
  await stopped;
  expect(done).toBe(true);
  await t2.close();
}, 15_000);
