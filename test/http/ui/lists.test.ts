// Every list page pages by keyset (Older/Newer links carry a cursor, never an offset) and filters;
// walking all pages visits each row exactly once.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { TestApp } from "../../helpers/test-app";
import { client, uiApp, type UiClient } from "./ui-client";

let t: TestApp;
let ui: UiClient;

beforeAll(async () => {
  t = await uiApp();
  ui = await client(t, { email: "admin@example.com", role: "admin" });
});
afterAll(() => t.close());

/** Follows rel="next" links from `path`, collecting the ids matched by `idRe` on each page. */
async function walk(path: string, idRe: RegExp): Promise<{ ids: string[]; pages: number; links: string[] }> {
  const ids: string[] = [];
  const links: string[] = [];
  let next: string | null = path;
  let pages = 0;
  while (next && pages < 20) {
    const html = await ui.html(next);
    pages++;
    ids.push(...[...html.matchAll(idRe)].map((m) => m[1]));
    const m = /<a class="btn btn-secondary btn-sm" href="([^"]+)" rel="next"/.exec(html);
    next = m ? m[1].replaceAll("&amp;", "&") : null;
    if (next) links.push(next);
  }
  return { ids, pages, links };
}

describe("keyset pages and filters", () => {
  test("applications: 120 rows in pages of 50, newest first, each once; the name filter narrows them", async () => {
    for (let i = 0; i < 120; i++) await t.api("/api/v1/app", { body: { name: `Customer ${String(i).padStart(3, "0")}${i % 40 === 0 ? " gold" : ""}` } });
    const r = await walk("/applications", /<tr id="app-(app_\w+)">/g);
    expect(r.pages).toBe(3);
    expect(new Set(r.ids).size).toBe(120);
    expect(r.ids).toEqual([...r.ids].sort().reverse());
    expect(r.links.every((l) => /before=app_/.test(l) && !/offset|page=/.test(l))).toBe(true);
    const gold = await walk("/applications?q=GOLD", /<tr id="app-(app_\w+)">/g);
    expect(gold.ids).toHaveLength(3);
  });

  test("an application's endpoints page beyond 50", async () => {
    const app = (await (await t.api("/api/v1/app", { body: { name: "Many endpoints" } })).json()) as { id: string };
    for (let i = 0; i < 55; i++) await t.api(`/api/v1/app/${app.id}/endpoint`, { body: { url: `http://127.0.0.1:9/e${i}` } });
    const r = await walk(`/applications/${app.id}`, /<tr id="endpoint-(ep_\w+)">/g);
    expect(r.pages).toBe(2);
    expect(new Set(r.ids).size).toBe(55);
  });

  test("event types page by name and hide archived ones unless asked", async () => {
    for (let i = 0; i < 60; i++) await t.api("/api/v1/event-type", { body: { name: `type.${String(i).padStart(2, "0")}`, description: "" } });
    await t.api("/api/v1/event-type/type.07", { method: "DELETE" });
    const visible = await walk("/event-types", /<tr id="et-([\w.]+)">/g);
    expect(visible.ids).toHaveLength(59);
    expect(visible.ids).toEqual([...visible.ids].sort());
    expect((await walk("/event-types?archived=1", /<tr id="et-([\w.]+)">/g)).ids).toHaveLength(60);
  });

  test("sources filter by name, and a source's requests filter by status with live updates paused", async () => {
    await ui.post("/sources", { name: "Shop A", type: "generic-webhook" });
    const b = await ui.post("/sources", { name: "Billing B", type: "generic-webhook" });
    const shop = await walk("/sources?q=shop", /<tr id="source-(src_\w+)">/g);
    expect(shop.ids).toHaveLength(1);
    const path = b.headers.get("location")!;
    const ingest = /data-copy="([^"]*\/in\/[^"]+)"/.exec(await ui.html(path))![1];
    for (let i = 0; i < 55; i++) await fetch(`${ingest}/n${i}`, { method: "POST", body: "{}" });
    const all = await walk(path, /<li class="req-item" id="req-(msg_\w+)">/g);
    expect(all.pages).toBe(2);
    expect(new Set(all.ids).size).toBe(55);
    const rejected = await ui.html(`${path}?status=rejected`);
    expect(rejected).not.toContain('<li class="req-item"');
    expect(rejected).not.toContain("sse-connect");
    expect(rejected).toContain("Live paused while filtering");
    expect(await ui.html(path)).toContain("sse-connect");
  });

  test("the audit log pages newest first and filters by exact action", async () => {
    for (let i = 0; i < 60; i++) await ui.post("/settings/tokens", { name: `tok-${i}` });
    const r = await walk("/settings/audit?action=token.create", /<code>(token\.create)<\/code>/g);
    expect(r.ids).toHaveLength(60);
    expect(r.pages).toBe(2);
  });
});
