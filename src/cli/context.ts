// Shared helpers for commands that work on the data dir directly (token, user, backup, migrate).
import { loadConfig, type Config } from "../config/load";
import { openAppStore } from "../app";
import { applyMigrations, migrationStatus } from "../store/migrate";
import { backupBeforeMigrating, dataDirOf } from "../store/backups";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { lockHolder, dbPathOf, DataDirError } from "../store/data-dir";
import type { Store } from "../store/db";
import type { CommandInput } from "./args";

export function configOf(input: CommandInput): Config {
  return loadConfig({ flags: input.configFlags, env: input.env });
}

/**
 * Opens the database of the configured data dir; safe while a server runs on it (WAL).
 * Pending migrations are applied only when no server holds the data dir: migrating under a
 * running (older) server would pull its tables from under it. `migrate: false` (backup) never migrates.
 */
export function withStore<T>(input: CommandInput, fn: (store: Store, config: Config) => T, opts: { migrate?: boolean } = {}): T {
  const config = configOf(input);
  requireDatabase(config.dataDir);
  const { store, dir } = openAppStore(config);
  try {
    const status = migrationStatus(store.sqlite);
    if (status.newerThanBinary) throw new Error("the database was written by a newer hookrelay; use the newer binary");
    if (opts.migrate !== false && status.pending.length) {
      refuseWhileServing(dir, status.pending.length);
      backupBeforeMigrating(store, dataDirOf(store), status, Date.now());
      applyMigrations(store.sqlite);
    }
    return fn(store, config);
  } finally {
    store.close();
  }
}

/**
 * Only `serve` and `migrate` create a database: a token or user written into a fresh, empty one
 * (a mistyped --data-dir) would silently be lost to the real server.
 */
export function requireDatabase(dataDir: string): void {
  const dir = resolve(dataDir);
  if (!existsSync(dbPathOf(dir))) throw new DataDirError(`no hookrelay database at ${dir}; check --data-dir or start the server once`);
}

/** Throws when a live server holds `dir`: the schema must change only when that server restarts. */
export function refuseWhileServing(dir: string, pending: number): void {
  const pid = lockHolder(dir);
  if (pid && pid !== process.pid) {
    throw new Error(`this binary has ${pending} migration(s) the running server (pid ${pid}) does not; restart the server with this binary first, it migrates on start`);
  }
}

export async function readPassword(input: CommandInput): Promise<string> {
  const fromEnv = input.env.HOOKRELAY_PASSWORD;
  const pw = fromEnv ?? (await input.stdin()).replace(/\r?\n$/, "");
  if (pw.length < 8) throw new Error("password must be at least 8 characters (give it on stdin or in HOOKRELAY_PASSWORD)");
  return pw;
}
