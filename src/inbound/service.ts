/**
 * @module inbound — receiving webhooks: the ingest pipeline (verify, dedupe, filter, commit), replay,
 * the event bus and live feeds behind SSE and long-polling, and the `hookrelay listen` client (listen/).
 * This file holds the feature's shared state for one app (stores, bus, config cache), created on first
 * use and kept on ctx.services.inbound so routes, jobs and tests share one instance.
 */
import type { AppContext } from "../app-context";
import { EventBus } from "./event-bus";
import { SourceConfigs } from "./source-config";
import { CachedSources } from "./source-cache";
import { CachedSourceEndpoints } from "./fanout-cache";
import { ingestRequestStoreFor, type IngestRequestStore } from "../store/ingest-requests";

export interface InboundService {
  bus: EventBus;
  configs: SourceConfigs;
  /** Sources; byIngestToken() answers from memory (src/inbound/source-cache.ts). */
  sources: CachedSources;
  /** Source endpoints; fanout() answers from memory (src/inbound/fanout-cache.ts). */
  endpoints: CachedSourceEndpoints;
  requests: IngestRequestStore;
  /** Closers of open SSE streams and long-polls, with their source id. */
  openStreams: Map<() => void, string>;
  /** SSE heartbeat period; tests shorten it. */
  heartbeatMs: number;
  /**
   * Ingest requests answered without a recorded row (unknown URL, too large, storage down), keyed
   * `sourceType \0 result`; only grows. Metrics fold it into hookrelay_ingest_requests_total.
   */
  refused: Map<string, number>;
}

export function inboundOf(ctx: AppContext): InboundService {
  const existing = ctx.services.inbound as InboundService | undefined;
  if (existing) return existing;
  const svc: InboundService = {
    bus: new EventBus(),
    configs: new SourceConfigs(ctx.secrets),
    sources: new CachedSources(ctx.store, ctx.secrets),
    endpoints: new CachedSourceEndpoints(ctx.store, ctx.secrets),
    requests: ingestRequestStoreFor(ctx.store),
    openStreams: new Map(),
    heartbeatMs: 15_000,
    refused: new Map(),
  };
  ctx.services.inbound = svc;
  // Before the server drains: open SSE streams never end on their own and would hold SIGTERM for the whole grace.
  ctx.beforeStop.push(() => closeStreams(svc));
  return svc;
}

/** Ends live consumers: all of them (stop), or one source's (token rotated, source deleted). */
export function closeStreams(svc: InboundService, sourceId?: string): void {
  for (const [close, id] of [...svc.openStreams]) if (!sourceId || id === sourceId) close();
}

/** Counts an ingest request that got an answer but no row (see InboundService.refused). */
export function countRefused(svc: InboundService, sourceType: string, result: "not_found" | "too_large" | "bad_request" | "unavailable" | "rejected"): void {
  const k = `${sourceType}\0${result}`;
  svc.refused.set(k, (svc.refused.get(k) ?? 0) + 1);
}
