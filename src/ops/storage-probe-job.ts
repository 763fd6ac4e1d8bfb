// While storage is failing (disk full, I/O error), a small page-allocating write is retried every few
// seconds, so /readyz turns ready again once space returns even when no traffic arrives — a load
// balancer sends none to a server whose /readyz says 503. Nothing is written while storage is healthy.
import type { AppContext } from "../app-context";
import { storageHealth } from "../store/storage-health";
import { walSync } from "../store/wal-sync";

export const STORAGE_PROBE_JOB = "storage-probe";
export const STORAGE_PROBE_EVERY_MS = 5_000;

export function registerStorageProbeJob(ctx: AppContext): void {
  const health = storageHealth(ctx.store.sqlite);
  ctx.scheduler.register({
    name: STORAGE_PROBE_JOB,
    everyMs: STORAGE_PROBE_EVERY_MS,
    async run() {
      const failure = health.lastFailure;
      if (!failure) return;
      health.probe();
      // A failed WAL sync is cleared by the next sync that works.
      if (failure.kind === "sync" || health.lastFailure?.kind === "sync") await walSync(ctx.store.sqlite).sync().catch(() => {});
      if (!health.lastFailure) ctx.log.info("storage is writable again", { failedWith: failure.code, since: new Date(failure.at).toISOString() });
    },
  });
}
