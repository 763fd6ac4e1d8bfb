// Replay: a captured request (or every one in a time range that matches a filter) is forwarded again to
// its source's endpoints, by creating or resetting deliveries rows. Rejected requests are never replayed:
// they failed verification, and forwarding them would launder them.
import type { AppContext } from "../app-context";
import type { SourceRow } from "../store/sources";
import type { IngestRequestWithBody } from "../store/ingest-requests";
import { ingestDeliveryStoreFor } from "../store/ingest-deliveries";
import { inboundOf } from "./service";
import { filterInputOf, matchFilter, parseBody, type Filter } from "./filter";
import { readJson } from "../store/json-column";

export const REPLAYABLE = ["accepted", "filtered", "duplicate"] as const;
export class ReplayError extends Error {
  constructor(public status: number, public code: string, message: string) { super(message); }
}

export interface ReplayTarget { endpointId?: string }

function targetsFor(ctx: AppContext, source: SourceRow, req: IngestRequestWithBody, t: ReplayTarget): string[] {
  const svc = inboundOf(ctx);
  if (t.endpointId) return [t.endpointId];
  const input = filterInputOf(req, parseBody(req.body ?? new Uint8Array(), req.contentType));
  return svc.endpoints.fanout(source.id)
    .filter((e) => !e.disabled && (!e.filter || matchFilter(readJson<Filter>(e.filter, {}), input)))
    .map((e) => e.id);
}

function resolveEndpoint(ctx: AppContext, source: SourceRow, t: ReplayTarget): ReplayTarget {
  if (!t.endpointId) return t;
  const e = inboundOf(ctx).endpoints.get(source.id, t.endpointId);
  if (!e) throw new ReplayError(404, "not_found", "Endpoint not found");
  return { endpointId: e.id };
}

export function replayOne(ctx: AppContext, source: SourceRow, requestId: string, target: ReplayTarget) {
  const req = inboundOf(ctx).requests.get(source.id, requestId);
  if (!req) throw new ReplayError(404, "not_found", "Request not found");
  if (req.status === "rejected") throw new ReplayError(409, "conflict", "A rejected request (failed verification) cannot be replayed");
  const endpoints = targetsFor(ctx, source, req, resolveEndpoint(ctx, source, target));
  const queued = ingestDeliveryStoreFor(ctx.store).requeue(endpoints.map((endpointId) => ({ messageId: req.id, endpointId })), ctx.clock.now());
  if (queued) ctx.scheduler.wake("deliveries");
  return { requestId: req.id, endpoints, queued };
}

export interface RangeReplay {
  since: number;
  until: number;
  statuses: string[];
  filter: Filter | null;
  afterSeq: number;
  limit: number;
}

/** Replays up to `limit` requests; `lastSeq` lets the caller continue where a capped run stopped. */
export function replayRange(ctx: AppContext, source: SourceRow, r: RangeReplay, target: ReplayTarget) {
  const svc = inboundOf(ctx);
  const deliveries = ingestDeliveryStoreFor(ctx.store);
  const resolved = resolveEndpoint(ctx, source, target);
  let cursor = r.afterSeq;
  let requests = 0;
  let queued = 0;
  let done = false;
  while (requests < r.limit) {
    const batch = deliveries.candidates(source.id, r, r.statuses, cursor, Math.min(200, r.limit - requests));
    if (!batch.length) { done = true; break; }
    const pairs: { messageId: string; endpointId: string }[] = [];
    for (const c of batch) {
      cursor = c.seq;
      const req = svc.requests.get(source.id, c.id);
      if (!req) continue;
      if (r.filter && !matchFilter(r.filter, filterInputOf(req, parseBody(req.body ?? new Uint8Array(), req.contentType)))) continue;
      requests++;
      for (const endpointId of targetsFor(ctx, source, req, resolved)) pairs.push({ messageId: req.id, endpointId });
    }
    queued += deliveries.requeue(pairs, ctx.clock.now());
  }
  if (!done && !deliveries.candidates(source.id, r, r.statuses, cursor, 1).length) done = true;
  if (queued) ctx.scheduler.wake("deliveries");
  return { requests, queued, done, lastSeq: cursor };
}
