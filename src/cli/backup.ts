// `hookrelay backup FILE` (online, consistent) and `hookrelay restore FILE` (only with no server running).
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Database } from "bun:sqlite";
import type { Command } from "./args";
import { configOf, withStore } from "./context";
import { backupTo, restoreFrom } from "../store/backup";
import { prepareDataDir, acquireLock, dbPathOf, DataDirError } from "../store/data-dir";

export const backupCommand: Command = {
  name: "backup",
  summary: "Write a consistent copy of the database to FILE while the server keeps running (VACUUM INTO).",
  usage: "hookrelay backup FILE",
  args: { min: 1, max: 1 },
  examples: ["hookrelay backup /backups/hookrelay-$(date +%F).db"],
  run(input) {
    const file = resolve(input.args[0]);
    if (existsSync(file)) { input.stderr(`hookrelay: ${file} already exists; choose a new file name`); return 1; }
    // A backup copies the database as it is: it never migrates (a server may be running on it).
    return withStore(input, (store) => {
      backupTo(store, file);
      input.stdout(`backup written to ${file}`);
      return 0;
    }, { migrate: false });
  },
};

export const restoreCommand: Command = {
  name: "restore",
  summary: "Replace the database with a backup FILE. Refuses while a server holds the data dir.",
  usage: "hookrelay restore FILE",
  args: { min: 1, max: 1 },
  examples: ["systemctl stop hookrelay && hookrelay restore /backups/hookrelay-2026-11-01.db && systemctl start hookrelay"],
  run(input) {
    const config = configOf(input);
    const dir = prepareDataDir(config.dataDir);
    const file = resolve(input.args[0]);
    if (!existsSync(file)) { input.stderr(`hookrelay: ${file} does not exist`); return 1; }
    try {
      const probe = new Database(file, { readonly: true });
      const ok = (probe.query("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check;
      probe.close();
      if (ok !== "ok") { input.stderr(`hookrelay: ${file} failed the integrity check: ${ok}`); return 1; }
    } catch (e) { input.stderr(`hookrelay: ${file} is not a SQLite database (${(e as Error).message})`); return 1; }
    // Held while copying: a server starting meanwhile must not open a half-copied database.
    let release: () => void;
    try { release = acquireLock(dir); } catch (e) {
      if (!(e instanceof DataDirError)) throw e;
      input.stderr(`hookrelay: ${e.message}; stop it before restoring`);
      return 1;
    }
    try { restoreFrom(file, dbPathOf(dir)); } finally { release(); }
    input.stdout(`restored ${file} into ${dir}`);
    return 0;
  },
};
