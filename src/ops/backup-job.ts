// Scheduled backups (--backup-interval, --backup-keep): a scheduler job that checks often and backs up
// when the newest scheduled copy is older than the interval, so restarts neither skip nor repeat one.
import type { AppContext } from "../app-context";
import { lastScheduledBackupAt, takeScheduledBackup } from "../store/backups";

export const BACKUP_JOB = "backups";

export function registerBackupJob(ctx: AppContext): void {
  const interval = ctx.config.backupInterval;
  if (!interval) return;
  const dataDir = ctx.services.dataDir as string;
  ctx.scheduler.register({
    name: BACKUP_JOB,
    everyMs: Math.min(interval, 60_000),
    run(now) {
      const last = lastScheduledBackupAt(dataDir);
      if (last !== null && now - last < interval) return;
      const started = performance.now();
      try {
        const { file, deleted } = takeScheduledBackup(ctx.store, dataDir, now, ctx.config.backupKeep);
        ctx.log.info("scheduled backup written", { file, deleted: deleted.length, ms: Math.round(performance.now() - started) });
      } catch (e) {
        ctx.log.error("scheduled backup failed", { error: (e as Error).message });
        throw e;
      }
    },
  });
}
