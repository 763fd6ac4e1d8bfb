// Online, consistent copies of the database (VACUUM INTO) and restore into a stopped data dir.
import { existsSync, rmSync, copyFileSync, renameSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Store } from "./db";

export function backupTo(store: Store, file: string): void {
  if (existsSync(file)) throw new Error(`backup: ${file} already exists`);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  store.sqlite.run("VACUUM INTO ?", [file]);
}

/** Replaces the database file with `file`; the caller guarantees no server holds the data dir. */
export function restoreFrom(file: string, dbPath: string): void {
  const tmp = `${dbPath}.restore-tmp`;
  copyFileSync(file, tmp);
  // Stale -wal/-shm pages would be replayed on top of the restored file.
  for (const suffix of ["-wal", "-shm"]) rmSync(dbPath + suffix, { force: true });
  renameSync(tmp, dbPath);
}
