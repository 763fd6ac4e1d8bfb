// Shared helpers for commands that work on the data dir directly (token, user, backup, migrate).
import { loadConfig, type Config } from "../config/load";
import { openAppStore } from "../app";
import { applyMigrations, migrationStatus } from "../store/migrate";
import { backupBeforeMigrating, dataDirOf } from "../store/backups";
import type { Store } from "../store/db";
import type { CommandInput } from "./args";

export function configOf(input: CommandInput): Config {
  return loadConfig({ flags: input.configFlags, env: input.env });
}

/** Opens the database of the configured data dir, migrated; safe while a server runs on it (WAL). */
export function withStore<T>(input: CommandInput, fn: (store: Store, config: Config) => T): T {
  const config = configOf(input);
  const { store } = openAppStore(config);
  try {
    if (migrationStatus(store.sqlite).newerThanBinary) throw new Error("the database was written by a newer hookrelay; use the newer binary");
    backupBeforeMigrating(store, dataDirOf(store), migrationStatus(store.sqlite), Date.now());
    applyMigrations(store.sqlite);
    return fn(store, config);
  } finally {
    store.close();
  }
}

export async function readPassword(input: CommandInput): Promise<string> {
  const fromEnv = input.env.HOOKRELAY_PASSWORD;
  const pw = fromEnv ?? (await input.stdin()).replace(/\r?\n$/, "");
  if (pw.length < 8) throw new Error("password must be at least 8 characters (give it on stdin or in HOOKRELAY_PASSWORD)");
  return pw;
}
