// `hookrelay migrate`: apply pending migrations and exit.
import type { Command } from "./args";
import { configOf, refuseWhileServing } from "./context";
import { openAppStore } from "../app";
import { applyMigrations, migrationStatus } from "../store/migrate";
import { backupBeforeMigrating, dataDirOf } from "../store/backups";

export const migrateCommand: Command = {
  name: "migrate",
  summary: "Apply the database migrations embedded in this binary, then exit.",
  usage: "hookrelay migrate [--data-dir DIR]",
  args: { min: 0, max: 0 },
  examples: ["hookrelay migrate --data-dir /var/lib/hookrelay"],
  run(input) {
    const { store } = openAppStore(configOf(input));
    try {
      if (migrationStatus(store.sqlite).newerThanBinary) {
        input.stderr("hookrelay: the database was written by a newer hookrelay; refusing to touch it");
        return 1;
      }
      const pending = migrationStatus(store.sqlite).pending.length;
      if (pending) refuseWhileServing(dataDirOf(store), pending);
      const copy = backupBeforeMigrating(store, dataDirOf(store), migrationStatus(store.sqlite), Date.now());
      if (copy) input.stdout(`backed up the database to ${copy}`);
      const applied = applyMigrations(store.sqlite);
      input.stdout(applied.length ? `applied ${applied.length} migration(s): ${applied.join(", ")}` : "database is up to date");
      return 0;
    } finally { store.close(); }
  },
};
