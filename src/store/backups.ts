// Automatic backups in <data-dir>/backups: one before migrations touch an existing database, and
// scheduled ones with keep-N pruning. Each is a consistent VACUUM INTO copy (see backup.ts).
import { mkdirSync, readdirSync, rmSync, statSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import type { Store } from "./db";
import { backupTo } from "./backup";
import { bundledMigrations, type MigrationStatus } from "./migrate";

export const BACKUP_DIR = "backups";
const SCHEDULED = /^hookrelay-(\d{8}T\d{6}(?:\d{3})?Z)\.db$/;

export interface BackupFile { name: string; path: string; kind: "scheduled" | "pre-migrate" | "other"; takenAt: number | null; size: number }

export const backupsDirOf = (dataDir: string) => join(dataDir, BACKUP_DIR);

/** 20261101T120000123Z: sorts by time, safe in file names on every OS. */
export function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(".", "");
}

function parseStamp(s: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})?Z$/.exec(s);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], +(m[7] ?? 0)) : null;
}

function freshPath(dir: string, base: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let p = join(dir, `${base}.db`);
  for (let i = 1; existsSync(p); i++) p = join(dir, `${base}-${i}.db`);
  return p;
}

/**
 * Called between the downgrade check and applyMigrations: if the database already has migrations and
 * this binary brings new ones, copy it first so an upgrade can be undone by restoring the copy.
 * Returns the file written, or null when there was nothing to protect.
 */
export function backupBeforeMigrating(store: Store, dataDir: string, status: MigrationStatus, now: number): string | null {
  if (status.applied === 0 || status.pending.length === 0) return null;
  const from = bundledMigrations().find((m) => m.folderMillis === status.lastAppliedAt)?.tag ?? String(status.lastAppliedAt);
  const file = freshPath(backupsDirOf(dataDir), `pre-migrate-${from}-${stamp(now)}`);
  backupTo(store, file);
  return file;
}

/** Newest first. */
export function listBackups(dataDir: string): BackupFile[] {
  const dir = backupsDirOf(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => n.endsWith(".db")).map((name): BackupFile => {
    const path = join(dir, name);
    const sched = SCHEDULED.exec(name);
    const pre = /^pre-migrate-.+-(\d{8}T\d{6}\d{3}Z)(?:-\d+)?\.db$/.exec(name);
    const takenAt = parseStamp(sched?.[1] ?? pre?.[1] ?? "");
    return { name, path, kind: sched ? "scheduled" : pre ? "pre-migrate" : "other", takenAt, size: statSync(path).size };
  }).sort((a, b) => (b.takenAt ?? 0) - (a.takenAt ?? 0) || b.name.localeCompare(a.name));
}

/** Takes a scheduled backup and deletes scheduled ones beyond `keep` (pre-migrate copies are never pruned). */
export function takeScheduledBackup(store: Store, dataDir: string, now: number, keep: number): { file: string; deleted: string[] } {
  const file = freshPath(backupsDirOf(dataDir), `hookrelay-${stamp(now)}`);
  try { backupTo(store, file); } catch (e) { rmSync(file, { force: true }); throw e; }
  const scheduled = listBackups(dataDir).filter((b) => b.kind === "scheduled");
  const deleted = scheduled.slice(keep).map((b) => { rmSync(b.path, { force: true }); return b.path; });
  return { file, deleted };
}

/** When the newest scheduled backup was taken, from its file name (so a restart does not reset the schedule). */
export function lastScheduledBackupAt(dataDir: string): number | null {
  return listBackups(dataDir).find((b) => b.kind === "scheduled")?.takenAt ?? null;
}

/** The data dir holding an open store's database file. */
export const dataDirOf = (store: Store) => dirname(store.path);
