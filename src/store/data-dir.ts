// The data directory: database file, encryption key file and the lock that marks a running server.
import { mkdirSync, accessSync, constants, existsSync, readFileSync, writeFileSync, rmSync, chmodSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { parseKey } from "../lib/secret-box";

export const DB_FILE = "hookrelay.db";
export const KEY_FILE = "encryption.key";
export const LOCK_FILE = "server.lock";

export class DataDirError extends Error {}

export function prepareDataDir(dir: string): string {
  const abs = resolve(dir);
  // mkdirSync would report a file in the way as EEXIST, which names nothing useful.
  if (existsSync(abs) && !statSync(abs).isDirectory()) throw new DataDirError(`invalid value for data-dir: ${abs} is not a directory`);
  try { mkdirSync(abs, { recursive: true, mode: 0o700 }); }
  catch (e) { throw new DataDirError(`invalid value for data-dir: cannot create ${abs}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`); }
  try { accessSync(abs, constants.R_OK | constants.W_OK); }
  catch { throw new DataDirError(`invalid value for data-dir: ${abs} is not readable and writable by this user`); }
  if (!statSync(abs).isDirectory()) throw new DataDirError(`invalid value for data-dir: ${abs} is not a directory`);
  return abs;
}

export const dbPathOf = (dir: string) => join(dir, DB_FILE);

/** The key sealing secrets at rest: from config if given, else a 0600 file created on first start. */
export function loadEncryptionKey(dir: string, configured: string | null): Uint8Array {
  if (configured) {
    const k = parseKey(configured);
    if (!k) throw new DataDirError("invalid value for encryption-key: expected 32 bytes as 64 hex characters or base64");
    return k;
  }
  const file = join(dir, KEY_FILE);
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32).toString("hex") + "\n", { mode: 0o600, flag: "wx" });
  }
  const k = parseKey(readFileSync(file, "utf8"));
  if (!k) throw new DataDirError(`encryption key file ${file} is damaged: expected 64 hex characters`);
  try { chmodSync(file, 0o600); } catch { /* read-only fs: the mode was set at creation */ }
  return k;
}

/** Returns the pid of a live server holding the dir, or null. */
export function lockHolder(dir: string): number | null {
  const file = join(dir, LOCK_FILE);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  if (pid === process.pid) return pid;
  try { process.kill(pid, 0); return pid; } catch { return null; }
}

/**
 * Takes the data dir's lock (a server, or `restore` while it copies). The file is created
 * exclusively, so two processes starting together cannot both win; a lock left by a dead process
 * is removed and the creation retried once.
 */
export function acquireLock(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  const release = () => { try { if (readFileSync(file, "utf8").trim() === String(process.pid)) rmSync(file); } catch { /* already gone */ } };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx", mode: 0o600 });
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw new DataDirError(`cannot create the lock file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const holder = lockHolder(dir);
    if (holder === process.pid) return release; // this process already holds it
    if (holder) throw new DataDirError(`data-dir ${dir} is in use by another hookrelay server (pid ${holder})`);
    if (attempt > 0) throw new DataDirError(`data-dir ${dir}: the lock file ${file} keeps reappearing; is another hookrelay starting?`);
    rmSync(file, { force: true }); // stale: its process is gone
  }
}
