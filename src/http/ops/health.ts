// Liveness and readiness at the root, without auth: for load balancers, systemd and `hookrelay healthcheck`.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { buildInfo } from "../../build-info";

/** Readiness fails when the scheduler has not ticked for this long. */
const SCHEDULER_STALE_MS = 30_000;

export function healthRoutes(ctx: AppContext) {
  const ping = ctx.store.sqlite.query("SELECT 1 AS ok");
  return new Elysia()
    .get("/healthz", () => ({ status: "ok", version: buildInfo.version }))
    .get("/readyz", ({ set }) => {
      let db = false;
      try { db = (ping.get() as { ok: number }).ok === 1; } catch { db = false; }
      const scheduler = ctx.scheduler.healthy(SCHEDULER_STALE_MS);
      const ready = db && scheduler;
      set.status = ready ? 200 : 503;
      return { status: ready ? "ready" : "not_ready", checks: { database: db ? "ok" : "fail", scheduler: scheduler ? "ok" : "stale" }, lastTickAt: ctx.scheduler.lastTickAt };
    });
}
