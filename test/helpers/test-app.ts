// Builds the real app on a fresh SQLite file in a temp data dir, with a fake clock, listening on
// 127.0.0.1:0. Tests talk to it over real HTTP (or in process through app.handle).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../../src/features";
import { createApp, type App, type AppOptions } from "../../src/app";
import { loadConfig } from "../../src/config/load";
import { FakeClock } from "../../src/lib/clock";
import { createLogger, type Logger } from "../../src/lib/log";
import { createToken } from "../../src/store/tokens";
import { SENDER_NET_SERVICE, type SenderNet } from "../../src/delivery";
import { loopbackNet } from "./loopback-net";

export interface TestApp {
  app: App;
  clock: FakeClock;
  url: string;
  token: string;
  dataDir: string;
  logs: string[];
  /** Connections the loopback-only sender network refused (empty unless a test or a bug aimed elsewhere). */
  netViolations: string[];
  /** fetch against the app with the bearer token set and JSON encoded. */
  api(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string>; token?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  flags?: Record<string, string | string[] | boolean>;
  start?: boolean;
  features?: AppOptions["features"];
  /** Extra Elysia route modules (tests that watch the hook chain). */
  routes?: AppOptions["routes"];
  /** Replaces parts of the delivery engine's loopback-only network (a fake resolver, a recording transport). */
  net?: SenderNet;
}

export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), "hookrelay-test-"));
  const config = loadConfig({ env: { HOOKRELAY_DATA_DIR: dataDir, HOOKRELAY_SQLITE_SYNCHRONOUS: "normal", ...opts.env }, flags: opts.flags ?? {} });
  const clock = new FakeClock(Date.UTC(2026, 10, 1, 12, 0, 0));
  const logs: string[] = [];
  const log: Logger = createLogger({ level: "debug", format: "json", write: (l) => logs.push(l) });
  // Deliveries can reach loopback only, whatever the SSRF flags say: tests never send packets elsewhere.
  const net = loopbackNet();
  const senderNet: SenderNet = { resolver: opts.net?.resolver ?? net.resolver, transport: opts.net?.transport ?? net.transport };
  const app = await createApp({ config, clock, log, features: opts.features, routes: opts.routes, services: { [SENDER_NET_SERVICE]: senderNet } });
  if (opts.start !== false) app.start("127.0.0.1:0");
  const { token } = createToken(app.ctx.store, "test", clock.now());
  const url = app.url ?? "http://localhost";
  return {
    app, clock, url, token, dataDir, logs, netViolations: net.violations,
    api(path, init = {}) {
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      if (init.token !== null) headers.authorization = `Bearer ${init.token ?? token}`;
      let body: string | undefined;
      if (init.body !== undefined) { body = typeof init.body === "string" ? init.body : JSON.stringify(init.body); headers["content-type"] ??= "application/json"; }
      const req = new Request(`${url}${path}`, { method: init.method ?? (body ? "POST" : "GET"), headers, body });
      return opts.start === false ? app.handle(req) : fetch(req);
    },
    async close() {
      await app.stop(1000);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
