// Hostile text everywhere a user or a sender can put it (names, descriptions, URLs, payloads, captured
// headers, paths and bodies, receiver answers) renders as text on every page: a real HTML parser finds
// no element the input tried to inject.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { TestApp } from "../../helpers/test-app";
import { startReceiver, type Receiver } from "../../helpers/receiver";
import { deliveryEngine } from "../../../src/delivery";
import { injectedElements, XSS, XSS_ATTR } from "../../views/render";
import { client, uiApp, type UiClient } from "./ui-client";

let t: TestApp;
let ui: UiClient;
let receiver: Receiver;
const paths: string[] = [];

beforeAll(async () => {
  t = await uiApp();
  receiver = startReceiver();
  receiver.fallback = () => new Response(`<html>${XSS}</html>`, { status: 500, headers: { "content-type": "text/html", "x-evil": XSS_ATTR } });
  ui = await client(t, { email: "admin@example.com", role: "admin" });
  await ui.post("/event-types", { name: "evil.event", description: XSS, example: JSON.stringify({ html: XSS }) });
  const app = await ui.post("/applications", { name: XSS + XSS_ATTR });
  const appPath = app.headers.get("location")!;
  const ep = await ui.post(`${appPath}/endpoints`, { url: `${receiver.url}/"><img src=x onerror=alert(1)>`, description: XSS_ATTR, headers: `X-Note: ${XSS}` });
  const endpointPath = ep.headers.get("location")!;
  const sent = await ui.post(`${appPath}/messages`, { event_type: "evil.event", payload: JSON.stringify({ a: `</script>${XSS}`, [XSS_ATTR]: 1 }) });
  const messagePath = sent.headers.get("location")!;
  const engine = deliveryEngine(t.app.ctx);
  engine.cycle();
  await engine.idle();
  const src = await ui.post("/sources", { name: XSS, type: "github", secret: "s3cret-value" });
  const sourcePath = src.headers.get("location")!;
  const ingest = /data-copy="([^"]*\/in\/[^"]+)"/.exec(await ui.html(sourcePath))![1];
  // Rejected (no signature) requests with a hostile path, query, headers and bodies of every kind.
  await fetch(`${ingest}/%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E?q=${encodeURIComponent(XSS)}`, { method: "POST", body: XSS, headers: { "content-type": "text/html", "x-evil": XSS_ATTR } });
  await fetch(ingest, { method: "POST", body: `<?xml version="1.0"?><a>${XSS.replaceAll("<", "&lt;")}<b onclick="x">t</b></a>`, headers: { "content-type": "application/xml" } });
  await fetch(ingest, { method: "POST", body: `a=${encodeURIComponent(XSS)}&${encodeURIComponent(XSS_ATTR)}=1`, headers: { "content-type": "application/x-www-form-urlencoded" } });
  const requestIds = (t.app.ctx.store.sqlite.query("SELECT id FROM ingest_requests ORDER BY seq").all() as { id: string }[]).map((r) => r.id);
  paths.push("/", "/applications", appPath, endpointPath, `${endpointPath}/edit`, "/messages", messagePath, "/event-types", "/event-types/evil.event",
    "/sources", sourcePath, ...requestIds.map((id) => `${sourcePath}?request=${id}`), "/settings/audit", "/settings/users");
});

afterAll(async () => {
  receiver.close();
  await t.close();
});

describe("hostile input", () => {
  test("is escaped on every page that shows it", async () => {
    for (const p of paths) {
      const res = await ui.get(p);
      expect({ p, status: res.status }).toEqual({ p, status: 200 });
      const html = await res.text();
      expect({ p, injected: injectedElements(html) }).toEqual({ p, injected: [] });
    }
  });

  test("the captured request pages really contain the hostile text, as text", async () => {
    const html = await ui.html(paths.find((p) => p.includes("?request="))!);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  test("the message page shows the receiver's hostile HTML answer as text", async () => {
    const html = await ui.html(paths.find((p) => p.startsWith("/messages/msg_"))!);
    expect(html).toContain("&lt;html&gt;&lt;script&gt;");
    expect(injectedElements(html)).toEqual([]);
  });
});
