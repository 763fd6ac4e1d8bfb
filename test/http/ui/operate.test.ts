// Operating from the UI with the real delivery engine and a loopback receiver: recover failed
// deliveries after fixing a receiver, resend, replay a captured request (never a rejected one),
// rotate a secret, and mark alerts as seen. Notices survive the redirect that follows each action.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { TestApp } from "../../helpers/test-app";
import { startReceiver, type Receiver } from "../../helpers/receiver";
import { deliveryEngine } from "../../../src/delivery";
import { outboundServices } from "../../../src/http/api/services";
import { client, uiApp, type UiClient } from "./ui-client";

let t: TestApp;
let ui: UiClient;
let receiver: Receiver;
let ep = { appPath: "", path: "", id: "" };
const q = <T>(sql: string, ...p: string[]) => t.app.ctx.store.sqlite.query(sql).all(...p) as T[];

async function settle() {
  await outboundServices(t.app.ctx).tasks.idle();
  const engine = deliveryEngine(t.app.ctx);
  engine.cycle();
  await engine.idle();
}

/** Follows a 303 and returns the notice shown on the next page. */
async function noticeAfter(res: Response): Promise<string> {
  expect(res.status).toBe(303);
  const html = await ui.html(res.headers.get("location")!);
  return /class="flash-text"[^>]*>([^<]*)</.exec(html)?.[1] ?? "";
}

beforeAll(async () => {
  t = await uiApp();
  receiver = startReceiver();
  ui = await client(t, { email: "ops@example.com", role: "admin" });
  const app = await ui.post("/applications", { name: "Ops" });
  ep.appPath = app.headers.get("location")!;
  // One attempt only (schedule "0"): a failure is final at once, no waiting on the clock.
  const created = await ui.post(`${ep.appPath}/endpoints`, { url: `${receiver.url}/hook`, retry_schedule: "0" });
  ep.path = created.headers.get("location")!;
  ep.id = ep.path.split("/").pop()!;
});

afterAll(async () => {
  receiver.close();
  await t.close();
});

describe("operating from the UI", () => {
  test("after a receiver is fixed, Recover since a time re-sends the failed deliveries", async () => {
    receiver.fallback = () => new Response("down", { status: 503 });
    for (let i = 0; i < 3; i++) await t.api(`${ep.appPath.replace("/applications/", "/api/v1/app/")}/msg`, { body: { eventType: "x.y", payload: { i } } });
    await settle();
    expect(q<{ status: string }>("SELECT status FROM deliveries WHERE endpoint_id = ?", ep.id).map((r) => r.status)).toEqual(["failed", "failed", "failed"]);
    const failed = await ui.html("/messages?status=failed");
    expect(failed.match(/<tr id="msg-/g)).toHaveLength(3);

    receiver.fallback = () => new Response("ok");
    const since = new Date(t.clock.now() - 3_600_000).toISOString().slice(0, 16);
    expect(await noticeAfter(await ui.post(`${ep.path}/recover`, { since }))).toContain("Recovering failed deliveries since");
    await settle();
    expect(q<{ status: string }>("SELECT status FROM deliveries WHERE endpoint_id = ?", ep.id).map((r) => r.status)).toEqual(["success", "success", "success"]);
    expect(q<{ action: string }>("SELECT action FROM audit_log WHERE action = 'endpoint.recover'")).toHaveLength(1);
  });

  test("Recover refuses a missing or future start time with a notice", async () => {
    expect(await noticeAfter(await ui.post(`${ep.path}/recover`, { since: "tomorrow" }))).toContain("needs a start time in the past");
  });

  test("Resend without htmx redirects back to the message with a notice, and the attempt is manual", async () => {
    const msg = q<{ message_id: string }>("SELECT message_id FROM deliveries WHERE endpoint_id = ? LIMIT 1", ep.id)[0].message_id;
    expect(await noticeAfter(await ui.post(`/messages/${msg}/resend`, { endpoint_id: ep.id }))).toContain("Queued again");
    await settle();
    const attempts = q<{ trigger_type: number }>("SELECT trigger_type FROM attempts WHERE message_id = ? ORDER BY id DESC", msg);
    expect(attempts[0].trigger_type).toBe(1);
  });

  test("a test event to a disabled endpoint is stored with a warning and not delivered", async () => {
    await t.api("/api/v1/event-type", { body: { name: "ping", description: "" } });
    await ui.post(`${ep.path}/disable`);
    const before = receiver.requests.length;
    // The notice of the disable above was never shown; the next action's notice still wins.
    expect(await noticeAfter(await ui.post(`${ep.path}/test`, { event_type: "ping" }))).toContain("endpoint is disabled");
    await settle();
    expect(receiver.requests.length).toBe(before);
    await ui.post(`${ep.path}/enable`);
  });

  test("a test event may use any event type: one the catalogue lacks is delivered with a small test payload; a malformed one is refused", async () => {
    receiver.fallback = () => new Response("ok");
    const html = await ui.html(ep.path);
    expect(html).toMatch(/id="f-test-event-type"[^>]*value="hookrelay.test"|value="hookrelay.test"[^>]*id="f-test-event-type"/);
    const before = receiver.requests.length;
    const sent = await ui.post(`${ep.path}/test`, { event_type: "hookrelay.test" });
    expect(sent.status).toBe(303);
    expect(sent.headers.get("location")).toMatch(/^\/messages\/msg_/);
    await settle();
    expect(receiver.requests.length).toBe(before + 1);
    const got = JSON.parse(receiver.requests[before].body);
    expect(got).toMatchObject({ eventType: "hookrelay.test", test: true });
    expect(await noticeAfter(await ui.post(`${ep.path}/test`, { event_type: "not a type!" }))).toContain("letters, digits");
    await settle();
    expect(receiver.requests.length).toBe(before + 1);
  });

  test("Rotate secret keeps the old one signing for the grace period and is audit-logged", async () => {
    const before = outboundServices(t.app.ctx).endpoints.get(ep.appPath.split("/").pop()!, ep.id)!;
    const old = outboundServices(t.app.ctx).endpoints.secret(before);
    expect(await noticeAfter(await ui.post(`${ep.path}/secret/rotate`))).toContain("Secret rotated");
    const svc = outboundServices(t.app.ctx).endpoints;
    expect(svc.secret(before)).not.toBe(old);
    expect(svc.previousSecrets(before, t.clock.now()).map((p) => p.secret)).toEqual([old]);
    expect(q<{ actor: string }>("SELECT actor FROM audit_log WHERE action = 'endpoint.secret.rotate'")).toEqual([{ actor: "user:ops@example.com" }]);
  });

  test("a captured request is replayed to the source's endpoint; a rejected one is refused with a notice", async () => {
    const src = await ui.post("/sources", { name: "Hooks", type: "github", secret: "gh", forward_url: `${receiver.url}/fwd` });
    const path = src.headers.get("location")!;
    const ingest = /data-copy="([^"]*\/in\/[^"]+)"/.exec(await ui.html(path))![1];
    await fetch(ingest, { method: "POST", body: "{}" }); // unsigned: rejected
    const body = '{"ok":true}';
    const sig = new Bun.CryptoHasher("sha256", "gh").update(body).digest("hex");
    await fetch(ingest, { method: "POST", body, headers: { "x-hub-signature-256": `sha256=${sig}` } });
    await settle();
    const [rejected, accepted] = q<{ id: string }>("SELECT id FROM ingest_requests ORDER BY seq");
    expect(await noticeAfter(await ui.post(`${path}/requests/${rejected.id}/replay`))).toContain("cannot be replayed");
    // A captured request's message id opens it in its source's inspector.
    const open = await ui.get(`/messages/${accepted.id}`);
    expect(open.headers.get("location")).toBe(`${path}?request=${accepted.id}`);
    const forwarded = receiver.requests.filter((r) => r.path === "/fwd").length;
    expect(await noticeAfter(await ui.post(`${path}/requests/${accepted.id}/replay`))).toContain("Replaying to 1 endpoint");
    await settle();
    expect(receiver.requests.filter((r) => r.path === "/fwd").length).toBe(forwarded + 1);
  });

  test("open alerts show on the dashboard until marked as seen", async () => {
    const before = await ui.html("/");
    expect(before).toContain("endpoint.failing");
    expect(await noticeAfter(await ui.post("/alerts/ack"))).toMatch(/\d+ alerts? marked as seen/);
    expect(await ui.html("/")).toContain("No open alerts");
  });
});
