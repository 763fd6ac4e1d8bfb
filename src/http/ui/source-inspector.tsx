// The live request inspector of a source: the newest captured requests (rejected ones included), the
// selected one in full (headers, query, raw and pretty body, verification, forwarding, copy as curl),
// replay, and the SSE stream that adds new requests at once and updates forwarding outcomes in place.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import type { SourceRow } from "../../store/sources";
import type { IngestRequestRow, IngestRequestWithBody, IngestStatus } from "../../store/ingest-requests";
import { inboundOf } from "../../inbound/service";
import { encodeBody } from "../../inbound/body-encoding";
import { credentialNames, describeCredentials } from "../../inbound/credentials";
import { getVerifier } from "../../signing";
import { replayOne, ReplayError } from "../../inbound/replay";
import { ingestDeliveryStoreFor } from "../../store/ingest-deliveries";
import { messageQueriesFor, overallStatus } from "../../store/ui-messages";
import { sourceUrls } from "../ingest/sources-api";
import { SourcePage, type SourcePageProps } from "../../../views/pages/source";
import { ForwardSection, RequestDetail, RequestRow, type RequestDetailView, type RequestItem } from "../../../views/partials/inspector";
import { uiSession, redirect } from "./session";
import { Flash } from "../../../views/components/flash";
import { uiRoute, page, notFoundPage, redirectWithFlash, withQuery, type UiCall } from "./ui-route";
import { sourcePath } from "./source-pages";
import { liveHubOf } from "./live-hub";
import { sseResponse } from "./sse";
import { htmlPage } from "./render";

const PAGE = 50;
const STATUSES: IngestStatus[] = ["accepted", "rejected", "filtered", "duplicate"];

function items(ctx: AppContext, rows: IngestRequestRow[]): RequestItem[] {
  const counts = messageQueriesFor(ctx.store).statusCounts(rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, forward: overallStatus(counts.get(r.id)) }));
}

function detailOf(ctx: AppContext, r: IngestRequestWithBody): RequestDetailView {
  const deliveries = ingestDeliveryStoreFor(ctx.store);
  // The message page's attempt rows (with response headers), newest first.
  const attempts = messageQueriesFor(ctx.store).attempts(r.id);
  const body = encodeBody(r.body ?? new Uint8Array());
  return {
    ...items(ctx, [r])[0], headers: r.headers, ip: r.ip, contentType: r.contentType,
    bodyText: body.bodyEncoding === "utf8" ? body.body : null, base64: body.bodyEncoding === "base64" ? body.body : null,
    forwards: deliveries.deliveries(r.id).map((d) => ({ endpointId: d.endpointId, url: d.url, status: d.status, attemptCount: d.attemptCount, attempts: attempts.filter((a) => a.deliveryId === d.id) })),
  };
}

/** The source's credential headers and query parameters, described for the inspector's "dropped" note. */
function credentialsOf(ctx: AppContext, s: SourceRow): string[] {
  return describeCredentials(credentialNames(getVerifier(s.type), inboundOf(ctx).configs.open(s.configEnc)));
}

export function sourcePage(ctx: AppContext, c: UiCall, s: SourceRow, extra: Pick<SourcePageProps, "endpointForm" | "settings"> = {}, httpStatus = 200) {
  const svc = inboundOf(ctx);
  const before = c.query.before || null;
  const status = STATUSES.includes(c.query.status as IngestStatus) ? (c.query.status as IngestStatus) : null;
  const list = svc.requests.list(s.id, status ? { status: [status] } : {}, { limit: PAGE, iterator: before, order: "descending" });
  const wanted = c.query.request ? svc.requests.get(s.id, c.query.request) : null;
  const selectedRow = wanted ?? (list.data[0] ? svc.requests.get(s.id, list.data[0].id) : null);
  const urls = sourceUrls(ctx, s, c.request);
  const base = sourcePath(s.id);
  return page(<SourcePage shell={c.shell} source={s} ingestUrl={urls.ingestUrl} streamUrl={urls.streamUrl} {...extra}
    requests={items(ctx, list.data)} selected={selectedRow ? detailOf(ctx, selectedRow) : null} credentials={credentialsOf(ctx, s)}
    endpoints={svc.endpoints.list(s.id, { limit: 100, iterator: null, order: "ascending" }).data.map((e) => ({ ...e, hasFilter: !!e.filter }))}
    status={status ?? ""}
    nextHref={list.done ? null : withQuery(base, { status, before: list.iterator })} firstHref={before ? withQuery(base, { status }) : null}
    liveHref={before || status ? null : withQuery(`${base}/live`, { after: svc.requests.head(s.id) })} />, httpStatus);
}

export function sourceInspector(ctx: AppContext) {
  const svc = inboundOf(ctx);
  const find = (c: UiCall) => svc.sources.get(c.params.sourceId);
  return new Elysia()
    .use(uiSession(ctx))
    .get("/sources/:sourceId/requests/:requestId", uiRoute(ctx, (c) => {
      const s = find(c);
      const r = s ? svc.requests.get(s.id, c.params.requestId) : null;
      if (!s || !r) return notFoundPage(c, "request");
      // Without htmx (a new tab, no JS) the link opens the whole inspector on this request.
      if (!c.request.headers.get("hx-request")) return redirect(c.request, withQuery(sourcePath(s.id), { request: r.id }));
      return page(<RequestDetail r={detailOf(ctx, r)} sourceId={s.id} sourceType={s.type} ingestUrl={sourceUrls(ctx, s, c.request).ingestUrl} csrfToken={c.csrfToken} now={c.now} credentials={credentialsOf(ctx, s)} />);
    }))
    .post("/sources/:sourceId/requests/:requestId/replay", uiRoute(ctx, async (c) => {
      const s = find(c);
      if (!s) return notFoundPage(c, "source");
      let message: string;
      let ok = true;
      try {
        const r = replayOne(ctx, s, c.params.requestId, {});
        message = r.queued ? `Replaying to ${r.queued} endpoint${r.queued === 1 ? "" : "s"}.` : "Nothing to replay to: the source has no enabled endpoint matching this request.";
        ok = r.queued > 0;
        c.audit("source.request.replay", c.params.requestId, { sourceId: s.id, queued: r.queued });
      } catch (e) {
        if (!(e instanceof ReplayError)) throw e;
        if (e.status === 404) return notFoundPage(c, "request");
        message = e.message;
        ok = false;
      }
      const r = svc.requests.get(s.id, c.params.requestId);
      if (c.request.headers.get("hx-request") && r) {
        // The section is swapped in place; the notice rides along out of band into #flash.
        const view = String(await ForwardSection({ r: detailOf(ctx, r), sourceId: s.id, csrfToken: c.csrfToken, now: c.now }))
          + String(await Flash({ kind: ok ? "success" : "warning", message, oob: true }));
        return htmlPage(view);
      }
      return redirectWithFlash(ctx, c.request, withQuery(sourcePath(s.id), { request: c.params.requestId }), { kind: ok ? "success" : "warning", message });
    }))
    .get("/sources/:sourceId/live", uiRoute(ctx, (c) => {
      const s = find(c);
      if (!s) return notFoundPage(c, "source");
      const after = Number(c.query.after) || 0;
      return sseResponse(c.request, (sink) => {
        let cursor = after;
        // One catch-up at a time: signals that arrive meanwhile are covered by the next pass.
        let running: Promise<void> | null = null;
        let again = false;
        const sendRow = async (id: string) => {
          const r = svc.requests.get(s.id, id);
          if (!r || sink.closed) return;
          sink.send("request", String(await (<RequestRow sourceId={s.id} r={items(ctx, [r])[0]} now={ctx.clock.now()} />)), r.seq);
          return r;
        };
        const catchUp = async () => {
          // Everything captured since the cursor, rejected requests included, oldest first (each lands on top).
          for (;;) {
            const rows = svc.requests.list(s.id, {}, { limit: 100, iterator: String(cursor), order: "ascending" }).data;
            for (const r of rows) { cursor = Math.max(cursor, r.seq); await sendRow(r.id); }
            if (rows.length < 100) break;
          }
        };
        const kick = () => {
          if (running) { again = true; return; }
          running = (async () => {
            do { again = false; await catchUp(); } while (again && !sink.closed);
          })().finally(() => { running = null; });
        };
        const off = liveHubOf(ctx).subscribe(`src:${s.id}`, (sig) => {
          if (sig.kind === "request") { if (sig.ref.seq > cursor) kick(); return; }
          void (async () => {
            const r = await sendRow(sig.ref.messageId);
            if (r && !sink.closed) sink.send("forward", String(await ForwardSection({ r: detailOf(ctx, r), sourceId: s.id, csrfToken: c.csrfToken, now: ctx.clock.now() })));
          })();
        });
        kick();
        return off;
      }, liveHubOf(ctx).streams);
    }));
}
