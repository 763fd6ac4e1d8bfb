// Liveness and readiness at the root, without auth: for load balancers, systemd and `hookrelay healthcheck`.
// Readiness fails while the database answers nothing, the scheduler is stale, or the last write or WAL
// sync failed for lack of space or an I/O error (src/store/storage-health.ts).
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { buildInfo } from "../../build-info";
import { storageHealth } from "../../store/storage-health";

/** Readiness fails when the scheduler has not ticked for this long. */
const SCHEDULER_STALE_MS = 30_000;

export function healthRoutes(ctx: AppContext) {
  const ping = ctx.store.sqlite.query("SELECT 1 AS ok");
  const storage = storageHealth(ctx.store.sqlite);
  return new Elysia()
    .get("/healthz", () => ({ status: "ok", version: buildInfo.version }))
    .get("/readyz", ({ set }) => {
      let db = false;
      try { db = (ping.get() as { ok: number }).ok === 1; } catch { db = false; }
      const scheduler = ctx.scheduler.healthy(SCHEDULER_STALE_MS);
      // Reads still work when the disk is full, so "database" alone would say ok while every write fails.
      const failure = storage.lastFailure;
      const ready = db && scheduler && !failure;
      set.status = ready ? 200 : 503;
      return {
        status: ready ? "ready" : "not_ready",
        checks: { database: db ? "ok" : "fail", scheduler: scheduler ? "ok" : "stale", storage: failure ? "fail" : "ok" },
        ...(failure ? { storageError: { kind: failure.kind, code: failure.code, since: new Date(failure.at).toISOString() } } : {}),
        lastTickAt: ctx.scheduler.lastTickAt,
      };
    });
}
