/**
 * @module app — the composition root. createApp() opens the data dir and database, applies
 * migrations, wires the scheduler and HTTP server; start()/stop() own the process lifecycle.
 */
import type { Config } from "./config/load";
import { splitListen } from "./config/load";
import { openStore, type Store } from "./store/db";
import { applyMigrations, migrationStatus } from "./store/migrate";
import { prepareDataDir, dbPathOf, loadEncryptionKey, acquireLock } from "./store/data-dir";
import { backupBeforeMigrating } from "./store/backups";
import { createSecretBox, type SecretBox } from "./lib/secret-box";
import { sealConvertedAtStartup } from "./store/seal-at-rest";
import { systemClock, type Clock } from "./lib/clock";
import { createLogger, type Logger } from "./lib/log";
import { CHECKPOINTER_SERVICE, startCheckpointer } from "./store/checkpointer";
import { Scheduler, type Timers } from "./delivery/scheduler";
import { createHttpApp, type RouteModule } from "./http/server";
import type { AppContext } from "./app-context";
import { buildInfo } from "./build-info";
import { readFileSync } from "node:fs";

export interface AppOptions {
  config: Config;
  clock?: Clock;
  log?: Logger;
  timers?: Timers;
  /** Extra per-feature setup, run after the context exists (features register jobs and routes here). */
  features?: ((ctx: AppContext) => void | Promise<void>)[];
  routes?: RouteModule[];
  /** Tests pass a fixed path (":memory:" is not used: tests want real files). */
  dbPath?: string;
  lock?: boolean;
  /** Seeds ctx.services before features run (tests give the delivery engine a loopback-only network: `senderNet`). */
  services?: Record<string, unknown>;
}

export class StartupError extends Error {}

export type App = Awaited<ReturnType<typeof createApp>>;

const featureSetups: ((ctx: AppContext) => void | Promise<void>)[] = [];
/** Features (delivery engine, retention, metrics) register themselves once at import time. */
export function registerFeature(f: (ctx: AppContext) => void | Promise<void>) { featureSetups.push(f); }

export function openAppStore(config: Config, dbPath?: string): { store: Store; dir: string } {
  const dir = prepareDataDir(config.dataDir);
  const store = openStore({ path: dbPath ?? dbPathOf(dir), synchronous: config.sqliteSynchronous, cacheBytes: config.sqliteCache });
  return { store, dir };
}

export async function createApp(opts: AppOptions) {
  const { config } = opts;
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? createLogger({ level: config.logLevel, format: config.logFormat });
  const { store, dir } = openAppStore(config, opts.dbPath);
  const release = opts.lock === false ? () => {} : acquireLock(dir);
  try {
    const status = migrationStatus(store.sqlite);
    if (status.newerThanBinary) {
      throw new StartupError(`the database in ${dir} was written by a newer hookrelay (it has migrations this binary does not know); run the newer binary or restore a backup`);
    }
    const preMigrate = backupBeforeMigrating(store, dir, status, clock.now());
    if (preMigrate) log.info("backed up the database before migrating", { file: preMigrate });
    const applied = applyMigrations(store.sqlite);
    if (applied.length) log.info("database migrated", { applied: applied.join(",") });
  } catch (e) {
    store.close();
    release();
    throw e;
  }
  let secrets: SecretBox;
  try {
    secrets = createSecretBox(loadEncryptionKey(dir, config.encryptionKey));
    // Credentials an older binary stored in plain text (endpoint headers, source URL tokens) are sealed now.
    const sealed = sealConvertedAtStartup(store, secrets);
    if (sealed.endpoints || sealed.sources) log.info("sealed credentials an older version stored in plain text", sealed);
  } catch (e) {
    store.close();
    release();
    throw e;
  }
  const scheduler = new Scheduler(clock, log, opts.timers);
  const ctx: AppContext = { config, store, clock, log, secrets, scheduler, onStop: [], beforeStop: [], stopping: false, services: { ...opts.services, dataDir: dir } };
  try {
    for (const f of [...featureSetups, ...(opts.features ?? [])]) await f(ctx);
  } catch (e) {
    store.close();
    release();
    throw e;
  }
  const http = createHttpApp(ctx, opts.routes);
  let server: ReturnType<typeof Bun.serve> | null = null;
  let stopping: Promise<void> | null = null;

  return {
    ctx,
    http,
    handle: (req: Request) => http.handle(req),
    get port() { return server?.port ?? null; },
    get url() { return server ? `${config.tlsCert ? "https" : "http"}://${hostForUrl(server.hostname)}:${server.port}` : null; },
    /** Starts listening and the scheduler. `listen` overrides config (tests pass "127.0.0.1:0"). */
    start(listen = config.listen) {
      const [hostname, port] = splitListen(listen);
      const tls = config.tlsCert && config.tlsKey ? { cert: readFileSync(config.tlsCert, "utf8"), key: readFileSync(config.tlsKey, "utf8") } : undefined;
      try {
        http.listen({ hostname: hostname.replace(/^\[|\]$/g, "") || "0.0.0.0", port, tls, reusePort: false, idleTimeout: 120 });
      } catch (e) {
        // Nothing was served and the scheduler never ran: undo the setup, so the data dir is not
        // left with a stale server.lock and a --metrics-listen port is let go.
        ctx.stopping = true;
        for (const f of [...ctx.onStop].reverse()) { try { void Promise.resolve(f()).catch(() => {}); } catch { /* best effort */ } }
        store.close();
        release();
        throw new StartupError(`cannot listen on ${listen}: ${listenFailure(e)} (--listen)`);
      }
      server = http.server as unknown as ReturnType<typeof Bun.serve>;
      scheduler.start();
      if (config.checkpointThread) {
        const cp = startCheckpointer(store, {
          onReady: () => log.debug("checkpoint thread started"),
          onError: (what, error) => log.error(what, { error }),
        });
        if (cp) {
          ctx.services[CHECKPOINTER_SERVICE] = cp;
          ctx.onStop.push(() => cp.stop());
        }
      }
      return this;
    },
    /** Stops accepting, lets in-flight work finish up to the grace period, closes the DB (checkpointing the WAL). */
    stop(graceMs = config.shutdownGrace): Promise<void> {
      if (stopping) return stopping;
      stopping = (async () => {
        const deadline = Date.now() + graceMs;
        const left = () => Math.max(0, deadline - Date.now());
        ctx.stopping = true;
        for (const f of ctx.beforeStop) { try { f(); } catch (e) { log.warn("stop hook failed", { error: e }); } }
        if (server) {
          const done = http.stop();
          const forced = await Promise.race([done.then(() => false), Bun.sleep(left()).then(() => true)]);
          if (forced) await http.server?.stop(true);
        }
        await scheduler.stop(left());
        for (const f of ctx.onStop.reverse()) { try { await f(); } catch (e) { log.warn("stop hook failed", { error: e }); } }
        store.close();
        release();
      })();
      return stopping;
    },
  };
}

function listenFailure(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") return "address in use";
  if (code === "EADDRNOTAVAIL") return "address not available on this machine";
  if (code === "EACCES") return "permission denied (ports below 1024 need privileges)";
  return (e as Error).message;
}

function hostForUrl(h: string | undefined): string {
  if (!h || h === "0.0.0.0" || h === "::") return "127.0.0.1";
  return h.includes(":") ? `[${h}]` : h;
}

export { buildInfo };
