// createApp/start: what a failed start leaves behind.
import { test, expect, afterAll } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createTestApp } from "./helpers/test-app";
import { StartupError, createApp } from "../src/app";
import { loadConfig } from "../src/config/load";
import { createLogger } from "../src/lib/log";
import { LOCK_FILE } from "../src/store/data-dir";

const held = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("taken") });
afterAll(() => held.stop(true));

test("a port in use fails start with a StartupError naming --listen, closes the store and releases the lock", async () => {
  const t = await createTestApp({ start: false });
  expect(existsSync(join(t.dataDir, LOCK_FILE))).toBe(true);
  const listen = `127.0.0.1:${held.port}`;
  let err: unknown;
  try { t.app.start(listen); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(StartupError);
  expect((err as Error).message).toBe(`cannot listen on ${listen}: address in use (--listen)`);
  expect(existsSync(join(t.dataDir, LOCK_FILE))).toBe(false);
  expect(() => t.app.ctx.store.sqlite.query("SELECT 1").get()).toThrow();
  // The data dir is free: another app opens it and serves.
  const again = await createApp({ config: loadConfig({ env: { HOOKRELAY_DATA_DIR: t.dataDir } }), log: createLogger({ level: "error", format: "json", write: () => {} }) });
  again.start("127.0.0.1:0");
  expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
  await again.stop(1000);
  await t.close();
});
