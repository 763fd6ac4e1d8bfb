// The server starts the checkpoint thread with itself (unless --checkpoint-thread=false) and stops it.
import { afterEach, describe, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { BACKSTOP_FRAMES, CHECKPOINTER_SERVICE, DEFAULT_AUTOCHECKPOINT, type Checkpointer } from "../../src/store/checkpointer";

let t: TestApp | null = null;
afterEach(async () => { await t?.close(); t = null; });
const autocheckpoint = (app: TestApp) => (app.app.ctx.store.sqlite.query("PRAGMA wal_autocheckpoint").get() as { wal_autocheckpoint: number }).wal_autocheckpoint;

describe("checkpoint thread in the server", () => {
  test("runs by default once the server starts, leaving the server connection only its backstop", async () => {
    t = await createTestApp();
    const cp = t.app.ctx.services[CHECKPOINTER_SERVICE] as Checkpointer;
    expect(await cp.ready).toBe(true);
    expect(autocheckpoint(t)).toBe(BACKSTOP_FRAMES);
    expect(t.logs.some((l) => l.includes("checkpoint thread started"))).toBe(true);
  });

  test("is stopped with the server: the thread closes its connection before the server's closes", async () => {
    t = await createTestApp();
    const cp = t.app.ctx.services[CHECKPOINTER_SERVICE] as Checkpointer;
    expect(await cp.ready).toBe(true);
    expect(cp.closedCleanly).toBe(false);
    await t.app.stop(1000);
    expect(cp.closedCleanly).toBe(true);
    expect(t.logs.some((l) => l.includes("checkpoint thread failed"))).toBe(false);
  });

  test("with --checkpoint-thread=false the server checkpoints itself at SQLite's default", async () => {
    t = await createTestApp({ flags: { "checkpoint-thread": false } });
    expect(t.app.ctx.services[CHECKPOINTER_SERVICE]).toBeUndefined();
    expect(autocheckpoint(t)).toBe(DEFAULT_AUTOCHECKPOINT);
  });

  test("is not started for an app that is never started (CLI commands open the store without it)", async () => {
    t = await createTestApp({ start: false });
    expect(t.app.ctx.services[CHECKPOINTER_SERVICE]).toBeUndefined();
    expect(autocheckpoint(t)).toBe(DEFAULT_AUTOCHECKPOINT);
  });
});
