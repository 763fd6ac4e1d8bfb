// `hookrelay serve`: the server, with its banner, signals and graceful shutdown.
import type { Command } from "./args";
import { configOf } from "./context";
import { createApp } from "../app";
import { versionLine } from "../build-info";
import { createLogger, type LogLevel } from "../lib/log";
import { loadConfig } from "../config/load";
import { fetchSlotsInForce, reexecWithFetchSlots } from "../lib/fetch-slots";

export const serveCommand: Command = {
  name: "serve",
  summary: "Run the hookrelay server: web UI, REST API, ingest URLs and the delivery scheduler.",
  usage: "hookrelay serve [options]",
  serverFlags: true,
  args: { min: 0, max: 0 },
  examples: [
    "hookrelay serve                                   # http://127.0.0.1:8080, data in ./hookrelay-data",
    "hookrelay serve --listen 0.0.0.0:8080 --base-url https://hooks.example.com",
    "HOOKRELAY_DATA_DIR=/var/lib/hookrelay hookrelay serve --log-format json",
  ],
  async run(input) {
    const config = configOf(input);
    const log = createLogger({ level: config.logLevel, format: config.logFormat });
    // Before anything is opened: on success this process starts again as itself (same pid).
    const notRestarted = input.env === process.env ? reexecWithFetchSlots(config.fetchSlots) : "not the process's own environment";
    const app = await createApp({ config, log });
    app.start();
    const base = config.baseUrl;
    const banner = [
      versionLine(),
      `  Web UI:   ${base}/`,
      `  REST API: ${base}/api/v1   (Authorization: Bearer <token>; create one with 'hookrelay token create')`,
      `  API docs: ${base}/docs`,
      `  Data:     ${app.ctx.services.dataDir}`,
      `  Listening on ${app.url}`,
    ];
    const extra = (app.ctx.services.bannerLines as (() => string[]) | undefined)?.() ?? [];
    input.stderr([...banner, ...extra].join("\n"));
    log.info("server started", { listen: app.url, base_url: base, fetch_slots: fetchSlotsInForce() });
    if (config.fetchSlots && fetchSlotsInForce() !== config.fetchSlots) log.info("fetch slots not set", { wanted: config.fetchSlots, in_force: fetchSlotsInForce(), reason: notRestarted });

    let firstSignalAt = 0;
    const shutdown = async (sig: string) => {
      if (firstSignalAt) {
        // npm/npx and terminals deliver one Ctrl-C or SIGTERM twice (to the group and forwarded):
        // only a second signal a moment later means "stop waiting".
        if (Date.now() - firstSignalAt < 500) return;
        log.warn("second signal: exiting now", { signal: sig });
        process.exit(1);
      }
      firstSignalAt = Date.now();
      log.info("shutting down", { signal: sig, grace_ms: config.shutdownGrace });
      await app.stop();
      log.info("stopped cleanly");
      process.exit(0);
    };
    process.on("SIGTERM", () => void shutdown("SIGTERM"));
    process.on("SIGINT", () => void shutdown("SIGINT"));
    process.on("SIGHUP", () => {
      // Reload the log level from the config file without a restart. A process's environment
      // cannot change after start, so on reload the file's log-level wins over HOOKRELAY_LOG_LEVEL.
      try {
        const { HOOKRELAY_LOG_LEVEL: _fixed, ...env } = process.env;
        const fresh = loadConfig({ flags: input.configFlags, env: fresh0(env, config.configFile) });
        log.setLevel(fresh.logLevel as LogLevel);
        log.info("reloaded log level", { new_level: fresh.logLevel });
      } catch (e) { log.error("reload failed", { error: (e as Error).message }); }
    });
    await new Promise(() => {}); // run until a signal
    return 0;
  },
};

/** The env for a reload: without a config file there is nothing new to read, so keep the level as started. */
function fresh0(env: Record<string, string | undefined>, configFile: string | null): Record<string, string | undefined> {
  return configFile ? env : { ...env, HOOKRELAY_LOG_LEVEL: process.env.HOOKRELAY_LOG_LEVEL };
}
