// Upgrading from a version that kept receiver credentials in plain text: endpoint headers and source
// URL tokens written that way are sealed at the next start, keep working (deliveries carry the header,
// the old ingest and stream URLs still answer and are still shown), and no trace of the plain values
// is left in the database files.
import { describe, expect, test, afterAll } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { startReceiver } from "../helpers/receiver";
import { KEY_FILE } from "../../src/store/data-dir";
import { findLeaks } from "./helpers/secret-forms";

const dir = mkdtempSync(join(tmpdir(), "hookrelay-upgrade-"));
const rx = startReceiver();
afterAll(() => { rx.close(); rmSync(dir, { recursive: true, force: true }); });
const start = () => createTestApp({ env: { HOOKRELAY_DATA_DIR: dir }, flags: { "allow-private-destinations": true } });

const legacy = {
  authorization: `Bearer legacy-${randomBytes(18).toString("base64url")}`,
  ingestToken: randomBytes(24).toString("base64url"),
  streamToken: `st_${randomBytes(24).toString("base64url")}`,
};
const filesLeak = () => readdirSync(dir, { recursive: true }).map(String)
  .filter((f) => f !== KEY_FILE && statSync(join(dir, f)).isFile())
  .flatMap((f) => findLeaks(readFileSync(join(dir, f)), legacy).map((l) => `${f}: ${l}`));

describe("sealing what an older version stored in plain text", () => {
  let appId = "", sourceId = "";

  test("the next start seals endpoint headers and source tokens, and no plain copy stays in the files", async () => {
    const old: TestApp = await start();
    appId = ((await (await old.api("/api/v1/app/", { body: { name: "upgrade" } })).json()) as { id: string }).id;
    await old.api(`/api/v1/app/${appId}/endpoint/`, { body: { url: `${rx.url}/out` } });
    sourceId = ((await (await old.api("/ingest/api/v1/source", { body: { name: "old", type: "generic-webhook" } })).json()) as { id: string }).id;
    // What the previous version wrote: plain JSON headers, plain tokens and no sealed copies.
    const db = old.app.ctx.store.sqlite;
    db.run("UPDATE endpoints SET headers = ? WHERE app_id = ?", [JSON.stringify({ authorization: legacy.authorization }), appId]);
    db.run("UPDATE sources SET ingest_token = ?, ingest_token_enc = NULL, stream_token = ?, stream_token_enc = NULL WHERE id = ?", [legacy.ingestToken, legacy.streamToken, sourceId]);
    await old.app.stop(1000);
    expect(filesLeak().length).toBeGreaterThan(0); // the plain values are really on disk before the upgrade

    const t = await start();
    try {
      expect(t.logs.some((l) => l.includes("sealed credentials an older version stored in plain text") && l.includes('"endpoints":1') && l.includes('"sources":1'))).toBe(true);
      expect(filesLeak()).toEqual([]);
      const row = t.app.ctx.store.sqlite.query("SELECT ingest_token AS i, ingest_token_enc AS ie, stream_token_enc AS se FROM sources WHERE id = ?").get(sourceId) as Record<string, string>;
      expect(row.i).toMatch(/^[0-9a-f]{64}$/);
      expect(row.ie).toStartWith("v1:");
      expect(row.se).toStartWith("v1:");
    } finally {
      await t.app.stop(1000);
    }
  });

  test("after the upgrade the old URLs still work and are still shown, and deliveries still carry the header", async () => {
    const t = await start();
    try {
      expect(t.logs.some((l) => l.includes("sealed credentials"))).toBe(false); // nothing left to convert
      const src = (await (await t.api(`/ingest/api/v1/source/${sourceId}`)).json()) as { ingestUrl: string; streamUrl: string };
      expect(src.ingestUrl).toBe(`${t.url}/in/${legacy.ingestToken}`);
      expect(src.streamUrl).toBe(`${t.url}/in/stream/${legacy.streamToken}`);
      expect((await fetch(src.ingestUrl, { method: "POST", body: "{}" })).status).toBe(200);
      const stream = await fetch(src.streamUrl);
      expect(stream.status).toBe(200);
      await stream.body!.cancel();
      expect((await t.api(`/api/v1/app/${appId}/msg/`, { body: { eventType: "upgrade.done", payload: {} } })).status).toBe(202);
      const [got] = await rx.waitFor(1);
      expect(got.headers.authorization).toBe(legacy.authorization);
    } finally {
      await t.app.stop(1000);
    }
  });
});
