// The retention job: once a minute, expire payloads and prune old records in small batches
// (src/store/retention.ts), yielding to the event loop between batches so ingest never stalls.
import type { AppContext } from "../app-context";
import { createPruner, type PruneCounts, type RetentionPolicy } from "../store/retention";

export const RETENTION_JOB = "retention";
export const RETENTION_EVERY_MS = 60_000;

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

export function retentionPolicy(ctx: AppContext): RetentionPolicy {
  return { payloadMs: ctx.config.retentionPayload, recordsMs: ctx.config.retentionAttempts, idempotencyMs: ctx.config.idempotencyTtl };
}

export function registerRetentionJob(ctx: AppContext): void {
  const pruner = createPruner(ctx.store);
  const policy = retentionPolicy(ctx);
  const totals: PruneCounts = { payloads: 0, attempts: 0, messages: 0, ingest_requests: 0, idempotency_keys: 0, sessions: 0, alerts: 0 };
  ctx.services.retentionTotals = totals;
  ctx.scheduler.register({
    name: RETENTION_JOB,
    everyMs: RETENTION_EVERY_MS,
    async run(now) {
      const counts = await pruner.run(now, policy, { pause: yieldToLoop });
      let any = 0;
      for (const k of Object.keys(counts) as (keyof PruneCounts)[]) { totals[k] += counts[k]; any += counts[k]; }
      if (any) ctx.log.info("retention pruned", counts);
      return counts;
    },
  });
}
