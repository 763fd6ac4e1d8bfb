/**
 * @module ops — what an operator needs to run hookrelay for months: scheduled backups, retention,
 * Prometheus metrics and operational alerts. Imported once from src/features.ts.
 *
 * Setup has two phases: the feature (jobs, metric registry) runs with the other features; the
 * route phase runs after every feature's setup, so it can attach to the delivery engine whatever
 * the import order in src/features.ts.
 */
import { registerFeature } from "../app";
import type { AppContext } from "../app-context";
import { registerRoutes } from "../http/server";
import { metricsRoutes, startMetricsListener } from "../http/ops/metrics";
import { registerBackupJob } from "./backup-job";
import { registerRetentionJob } from "./retention-job";
import { registerStorageProbeJob } from "./storage-probe-job";
import { createHookrelayMetrics, type EngineHooks, type HookrelayMetrics } from "./metrics/hookrelay-metrics";
import { createNotifier, REJECT_BURST, SOURCE_REJECTING_JOB, type Notifier } from "./operational/notifier";

const metricsOf = (ctx: AppContext) => (ctx.services.metrics as HookrelayMetrics | undefined) ?? null;
/** The delivery engine, when that feature is registered (src/delivery/index.ts puts it in services). */
export const engineOf = (ctx: AppContext) => (ctx.services.delivery as EngineHooks | undefined) ?? null;

registerFeature(registerBackupJob);
registerFeature(registerRetentionJob);
registerFeature(registerStorageProbeJob);
registerFeature((ctx) => {
  if (ctx.config.metrics || ctx.config.metricsListen) ctx.services.metrics = createHookrelayMetrics(ctx);
  // Alerts are always recorded (the UI shows them); webhooks go out once an operational endpoint exists.
  const notifier = createNotifier(ctx);
  ctx.services.operational = notifier;
  ctx.scheduler.register({ name: SOURCE_REJECTING_JOB, everyMs: REJECT_BURST.checkEveryMs, run: (now) => notifier.checkRejecting(now) });
});

registerRoutes((ctx) => {
  const metrics = metricsOf(ctx);
  const engine = engineOf(ctx);
  if (metrics && engine) metrics.attachEngine(engine);
  const notifier = ctx.services.operational as Notifier | undefined;
  if (notifier && engine) engine.onEvent((e) => notifier.onEngineEvent(e as Parameters<Notifier["onEngineEvent"]>[0]));
  if (metrics && ctx.config.metricsListen) ctx.services.metricsUrl = startMetricsListener(ctx, metrics);
  return metricsRoutes(ctx, metrics);
});
