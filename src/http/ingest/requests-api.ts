// hookrelay extension: the request log of a source (what arrived, how it was verified, where it went),
// replay (one request, or a time range), and polling/long-polling by cursor.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { inboundOf } from "../../inbound/service";
import { encodeBody } from "../../inbound/body-encoding";
import { waitForArrival } from "../../inbound/live-feed";
import { REPLAYABLE, ReplayError, replayOne, replayRange } from "../../inbound/replay";
import { validateFilter } from "../../inbound/filter";
import type { IngestRequestRow, IngestRequestWithBody, IngestStatus } from "../../store/ingest-requests";
import { ingestDeliveryStoreFor } from "../../store/ingest-deliveries";
import { ApiError, ValidationError, notFound } from "../errors";
import { sourceOr404 } from "./sources-api";
import { asBody, iso, optInt, optString, pageQuery, timeParam } from "./validate";

const STATUSES: IngestStatus[] = ["accepted", "rejected", "filtered", "duplicate"];
const MAX_WAIT_SEC = 60;

export function requestOut(r: IngestRequestRow) {
  return {
    id: r.id, cursor: r.seq, method: r.method, path: r.path, query: r.query, headers: r.headers, ip: r.ip, status: r.status,
    reason: r.reason, bodySize: r.bodySize, contentType: r.contentType, eventType: r.eventType, receivedAt: iso(r.createdAt),
  };
}

export const withBody = (r: IngestRequestWithBody) => ({ ...requestOut(r), ...encodeBody(r.body ?? new Uint8Array()) });

function statusList(v: string | undefined, allowed: readonly string[], field = "status"): IngestStatus[] | undefined {
  if (!v) return undefined;
  const list = v.split(",").map((s) => s.trim()).filter(Boolean);
  for (const s of list) if (!allowed.includes(s)) throw new ValidationError(field, `must be one of ${allowed.join(", ")}`, "query");
  return list as IngestStatus[];
}

const asApiError = (e: unknown): never => {
  if (e instanceof ReplayError) throw new ApiError(e.status, e.code, e.message);
  throw e;
};

export function requestsApi(ctx: AppContext) {
  const svc = inboundOf(ctx);
  const deliveries = ingestDeliveryStoreFor(ctx.store);
  return new Elysia()
    .get("/source/:sourceId/request", ({ params, query }) => {
      const s = sourceOr404(ctx, params.sourceId);
      const q = query as Record<string, string | undefined>;
      const page = svc.requests.list(s.id, { status: statusList(q.status, STATUSES), since: timeParam(q.since, "since"), until: timeParam(q.until, "until") }, pageQuery(q, "descending"));
      return { ...page, data: page.data.map(requestOut) };
    })
    .get("/source/:sourceId/request/:requestId", ({ params }) => {
      const s = sourceOr404(ctx, params.sourceId);
      const r = svc.requests.get(s.id, params.requestId);
      if (!r) throw notFound("Request");
      const attempts = deliveries.attempts(r.id);
      return {
        ...withBody(r),
        deliveries: deliveries.deliveries(r.id).map((d) => ({
          ...d, nextAttemptAt: d.nextAttemptAt === null ? null : iso(d.nextAttemptAt), lastAttemptAt: d.lastAttemptAt === null ? null : iso(d.lastAttemptAt),
          createdAt: iso(d.createdAt),
          attempts: attempts.filter((a) => a.deliveryId === d.id).map((a) => ({ ...a, createdAt: iso(a.createdAt) })),
        })),
      };
    })
    .post("/source/:sourceId/request/:requestId/replay", ({ params, body, set }) => {
      const s = sourceOr404(ctx, params.sourceId);
      const b = asBody(body);
      try {
        const out = replayOne(ctx, s, params.requestId, { endpointId: optString(b, "endpointId") ?? undefined });
        set.status = 202;
        return out;
      } catch (e) { return asApiError(e); }
    })
    .post("/source/:sourceId/replay", ({ params, body, set }) => {
      const s = sourceOr404(ctx, params.sourceId);
      const b = asBody(body);
      const since = timeParam(optString(b, "since") ?? undefined, "since", "body");
      if (since === undefined) throw new ValidationError("since", "is required (ISO 8601 time or epoch milliseconds)");
      const until = timeParam(optString(b, "until") ?? undefined, "until", "body") ?? ctx.clock.now() + 1;
      if (until <= since) throw new ValidationError("until", "must be after since");
      let filter = null;
      if (b.filter !== undefined && b.filter !== null) {
        const f = validateFilter(b.filter);
        if (!f.ok) throw new ValidationError(f.path, f.message);
        filter = f.filter;
      }
      const statuses = Array.isArray(b.status) ? b.status.map(String) : ["accepted", "filtered"];
      for (const st of statuses) if (!(REPLAYABLE as readonly string[]).includes(st)) throw new ValidationError("status", `may contain only ${REPLAYABLE.join(", ")}`);
      try {
        const out = replayRange(ctx, s, { since, until, statuses, filter, afterSeq: optInt(b, "afterSeq", 0, Number.MAX_SAFE_INTEGER) ?? 0, limit: optInt(b, "limit", 1, 10_000) ?? 1000 },
          { endpointId: optString(b, "endpointId") ?? undefined });
        set.status = 202;
        return out;
      } catch (e) { return asApiError(e); }
    })
    .get("/source/:sourceId/events", async ({ params, query, request }) => {
      const s = sourceOr404(ctx, params.sourceId);
      const q = query as Record<string, string | undefined>;
      const after = q.after === undefined || q.after === "" ? 0 : Number(q.after);
      if (!Number.isSafeInteger(after) || after < 0) throw new ValidationError("after", "must be a cursor (a non-negative integer)", "query");
      const limit = q.limit === undefined ? 50 : Number(q.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 250) throw new ValidationError("limit", "must be an integer from 1 to 250", "query");
      const wait = q.wait === undefined ? 0 : Number(q.wait);
      if (!Number.isFinite(wait) || wait < 0 || wait > MAX_WAIT_SEC) throw new ValidationError("wait", `must be a number of seconds from 0 to ${MAX_WAIT_SEC}`, "query");
      let rows = svc.requests.after(s.id, after, limit);
      // The check and the subscription happen in one synchronous turn, so nothing can slip in between.
      if (!rows.length && wait > 0 && (await waitForArrival(svc, s.id, wait * 1000, request.signal))) rows = svc.requests.after(s.id, after, limit);
      return { data: rows.map(withBody), cursor: rows.length ? rows[rows.length - 1].seq : after, done: rows.length < limit };
    });
}
