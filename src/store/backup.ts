// Online, consistent copies of the database (VACUUM INTO) and restore into a stopped data dir.
import { existsSync, rmSync, copyFileSync, renameSync, mkdirSync, openSync, closeSync, chmodSync } from "node:fs";
import { dirname } from "node:path";
import type { Store } from "./db";

/** The copy holds every secret the database does (sealed, but still): it is created 0600, owner only. */
export function backupTo(store: Store, file: string): void {
  if (existsSync(file)) throw new Error(`backup: ${file} already exists`);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // VACUUM INTO accepts an empty file: creating it first (exclusively) fixes its mode whatever the umask.
  closeSync(openSync(file, "wx", 0o600));
  store.sqlite.run("VACUUM INTO ?", [file]);
  chmodSync(file, 0o600);
}

/** Replaces the database file with `file`; the caller guarantees no server holds the data dir. */
export function restoreFrom(file: string, dbPath: string): void {
  const tmp = `${dbPath}.restore-tmp`;
  copyFileSync(file, tmp);
  // Stale -wal/-shm pages would be replayed on top of the restored file.
  for (const suffix of ["-wal", "-shm"]) rmSync(dbPath + suffix, { force: true });
  renameSync(tmp, dbPath);
}
