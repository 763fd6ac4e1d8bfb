// hookrelay's metric set. Counters for attempts and ingest requests are fed from the rows committed
// since the previous scrape (so they count what is durable, and need no hook in hot paths); final
// failures come from the delivery engine's events; gauges are read at scrape time.
import type { AppContext } from "../../app-context";
import { buildInfo } from "../../build-info";
import { createOpsStats, type NewAttempt } from "../../store/ops-stats";
import { lastScheduledBackupAt } from "../../store/backups";
import { storageHealth } from "../../store/storage-health";
import { Registry } from "./registry";
import { inboundOf } from "../../inbound/service";

/** The slice of the delivery engine metrics use (src/delivery/engine.ts). Structural, so ops has no hard import. */
export interface EngineHooks {
  activeRequests: number;
  /** Requests Bun's fetch runs at once (lib/fetch-slots.ts). */
  fetchSlots: number;
  /** Requests to silent endpoints cut short so that others could have a fetch slot. */
  shedRequests: number;
  onEvent(listener: (e: { type: string; reason?: string; appId?: string | null; sourceId?: string | null }) => void): () => void;
}

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21_600, 86_400];
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];
/** Rows folded into counters per scrape at most; a backlog is caught up over the next scrapes. */
const MAX_ROWS_PER_SCRAPE = 100_000;
const CHUNK = 5_000;

/** success, an error class (timeout, dns, tls, blocked, ...), or http_4xx / http_5xx / http_3xx. */
export function attemptOutcome(a: Pick<NewAttempt, "success" | "status" | "errorClass">): string {
  if (a.success) return "success";
  if (a.errorClass) return a.errorClass;
  return a.status ? `http_${Math.floor(a.status / 100)}xx` : "unknown";
}

export function createHookrelayMetrics(ctx: AppContext) {
  const reg = new Registry();
  const stats = createOpsStats(ctx.store);
  const startedAt = Date.now() / 1000;

  reg.gauge("hookrelay_build_info", "Build of the running binary (value is always 1)", ["version", "commit", "bun"])
    .set({ version: buildInfo.version, commit: buildInfo.commit, bun: buildInfo.bun }, 1);
  const attempts = reg.counter("hookrelay_attempts_total", "Delivery attempts committed, by outcome and direction", ["outcome", "direction"]);
  const deliveries = reg.counter("hookrelay_deliveries_total", "Deliveries finished: success, or the reason they were given up (exhausted, blocked, gone, expunged)", ["outcome", "direction"]);
  const latency = reg.histogram("hookrelay_delivery_latency_seconds", "From a message being ready to send to its successful attempt finishing", LATENCY_BUCKETS, ["direction"]);
  const duration = reg.histogram("hookrelay_attempt_duration_seconds", "HTTP duration of one delivery attempt", DURATION_BUCKETS, ["direction"]);
  // By source TYPE, never by source: ids and user-chosen names/uids are not a bounded label set.
  const ingest = reg.counter("hookrelay_ingest_requests_total", "Requests to ingest URLs, by source type and result: accepted, rejected (failed verification or policy), filtered, duplicate; or answered without being recorded: not_found (no such ingest URL, source_type=\"unknown\"), too_large (413), bad_request, unavailable (503, storage)", ["source_type", "result"]);
  const queueDepth = reg.gauge("hookrelay_queue_depth", "Deliveries waiting (pending, including scheduled retries) or being sent", ["status"]);
  const oldest = reg.gauge("hookrelay_queue_oldest_pending_age_seconds", "How long the most overdue pending delivery has been due (0 when none is late)");
  const inflight = reg.gauge("hookrelay_inflight_requests", "Delivery HTTP requests in flight now");
  const fetchSlots = reg.gauge("hookrelay_fetch_slots", "HTTP requests the runtime runs at once; more wait in its queue (--fetch-slots)");
  const shed = reg.counter("hookrelay_requests_shed_total", "Requests to endpoints that stopped answering, cut short because other deliveries waited for a fetch slot");
  let shedSeen = 0;
  const disabled = reg.gauge("hookrelay_endpoints_disabled", "Endpoints currently disabled");
  const dbSize = reg.gauge("hookrelay_sqlite_size_bytes", "Size of the SQLite database file");
  const walSize = reg.gauge("hookrelay_sqlite_wal_size_bytes", "Size of the SQLite write-ahead log");
  const pruned = reg.counter("hookrelay_retention_pruned_total", "Rows expired or deleted by retention, by kind", ["kind"]);
  const opEvents = reg.counter("hookrelay_operational_events_total", "Operational events raised (alerts), by type", ["type"]);
  const lastBackup = reg.gauge("hookrelay_backup_last_success_timestamp_seconds", "When the newest scheduled backup was taken (0 = none)");
  const storageFailing = reg.gauge("hookrelay_storage_failing", "1 while the last database write or WAL sync failed for lack of space or an I/O error (as /readyz reports), else 0");
  const storageFailures = reg.counter("hookrelay_storage_failures_total", "Database writes and WAL syncs that failed for lack of space or an I/O error", ["kind"]);
  const rss = reg.gauge("process_resident_memory_bytes", "Resident memory of the process");
  reg.gauge("process_start_time_seconds", "Process start time since the epoch").set(startedAt);

  for (const direction of ["outbound", "inbound"]) {
    attempts.init({ outcome: "success", direction });
    deliveries.init({ outcome: "success", direction });
    latency.init({ direction });
    duration.init({ direction });
  }
  for (const status of ["pending", "sending"]) queueDepth.set({ status }, 0);
  const storage = storageHealth(ctx.store.sqlite);
  const storageSeen = { write: 0, sync: 0 };
  for (const kind of ["write", "sync"] as const) storageFailures.init({ kind });

  // Counters start at the rows existing now: a restart resets counters, as Prometheus expects.
  let attemptCursor = stats.maxAttemptRowid();
  let ingestCursor = stats.maxIngestSeq();
  const prunedSeen: Record<string, number> = {};
  let engine: EngineHooks | null = null;

  const foldAttempts = () => {
    if (stats.maxAttemptRowid() < attemptCursor) attemptCursor = 0; // table emptied: rowids restart
    for (let done = 0; done < MAX_ROWS_PER_SCRAPE;) {
      const rows = stats.attemptsAfter(attemptCursor, CHUNK);
      for (const a of rows) {
        const direction = a.inbound ? "inbound" : "outbound";
        attempts.inc({ outcome: attemptOutcome(a), direction });
        duration.observe({ direction }, a.durationMs / 1000);
        if (a.success) {
          deliveries.inc({ outcome: "success", direction });
          if (a.readyAt !== null) latency.observe({ direction }, Math.max(0, a.createdAt + a.durationMs - a.readyAt) / 1000);
        }
      }
      if (rows.length) attemptCursor = rows[rows.length - 1].r;
      done += rows.length;
      if (rows.length < CHUNK) break;
    }
  };
  const foldIngest = () => {
    for (let done = 0; done < MAX_ROWS_PER_SCRAPE;) {
      const rows = stats.ingestAfter(ingestCursor, CHUNK);
      for (const r of rows) ingest.inc({ source_type: r.sourceType, result: r.status });
      if (rows.length) ingestCursor = rows[rows.length - 1].seq;
      done += rows.length;
      if (rows.length < CHUNK) break;
    }
  };

  // Requests answered before a row was written (unknown URL, body too large, storage down) are counted
  // in memory by the ingest route; fold in what grew since the last scrape.
  const refusedSeen = new Map<string, number>();
  const foldRefused = () => {
    for (const [k, n] of inboundOf(ctx).refused) {
      const [sourceType, result] = k.split("\u0000");
      const before = refusedSeen.get(k) ?? 0;
      if (n > before) ingest.inc({ source_type: sourceType, result }, n - before);
      refusedSeen.set(k, n);
    }
  };

  reg.onCollect(() => {
    foldAttempts();
    foldIngest();
    foldRefused();
    const q = stats.queue(ctx.clock.now());
    queueDepth.set({ status: "pending" }, q.pending);
    queueDepth.set({ status: "sending" }, q.sending);
    oldest.set(q.oldestDueAgeMs / 1000);
    inflight.set(engine?.activeRequests ?? 0);
    fetchSlots.set(engine?.fetchSlots ?? 0);
    if ((engine?.shedRequests ?? 0) > shedSeen) shed.inc({}, engine!.shedRequests - shedSeen);
    else shed.init({});
    shedSeen = engine?.shedRequests ?? 0;
    disabled.set(stats.disabledEndpoints());
    const f = stats.fileSizes();
    dbSize.set(f.db);
    walSize.set(f.wal);
    const totals = (ctx.services.retentionTotals ?? {}) as Record<string, number>;
    for (const [kind, n] of Object.entries(totals)) {
      if (n > (prunedSeen[kind] ?? 0)) pruned.inc({ kind }, n - (prunedSeen[kind] ?? 0));
      else pruned.init({ kind });
      prunedSeen[kind] = n;
    }
    lastBackup.set((lastScheduledBackupAt(ctx.services.dataDir as string) ?? 0) / 1000);
    storageFailing.set(storage.lastFailure ? 1 : 0);
    for (const kind of ["write", "sync"] as const) {
      if (storage.failures[kind] > storageSeen[kind]) storageFailures.inc({ kind }, storage.failures[kind] - storageSeen[kind]);
      storageSeen[kind] = storage.failures[kind];
    }
    rss.set(process.memoryUsage.rss());
  });

  return {
    registry: reg,
    render: () => reg.render(),
    /** Called once the delivery engine exists (after every feature's setup). */
    attachEngine(e: EngineHooks) {
      engine = e;
      e.onEvent((ev) => {
        if (ev.type === "message.attempt.exhausted") deliveries.inc({ outcome: ev.reason ?? "exhausted", direction: ev.appId ? "outbound" : "inbound" });
      });
    },
    countOperationalEvent: (type: string) => opEvents.inc({ type }),
  };
}

export type HookrelayMetrics = ReturnType<typeof createHookrelayMetrics>;
