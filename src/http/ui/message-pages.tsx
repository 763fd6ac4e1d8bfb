// Messages: search (event type, status, endpoint, time range, id), the message page with its payload
// and every attempt per endpoint, resend, and the live stream that updates a delivery as attempts land.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { outboundServices } from "../api/services";
import { ingestDeliveryStoreFor } from "../../store/ingest-deliveries";
import { messageQueriesFor, overallStatus, SCAN_BUDGET, type SearchState, type MessageHit } from "../../store/ui-messages";
import { MessagesPage, type MessageFilters } from "../../../views/pages/messages";
import { MessagePage } from "../../../views/pages/message";
import { DeliveryCard, type AttemptView, type DeliveryView } from "../../../views/partials/attempts";
import type { MessageListItem } from "../../../views/partials/message-table";
import { uiSession, redirect } from "./session";
import { uiRoute, page, notFoundPage, redirectWithFlash, withQuery, parseUiTime, type UiCall } from "./ui-route";
import { liveHubOf } from "./live-hub";
import { sseResponse } from "./sse";
import { htmlPage } from "./render";

const PAGE = 50;
const STATES: SearchState[] = ["pending", "retrying", "sending", "success", "failed"];

/** Search hits → table rows, with each message's overall state in message mode (one grouped query). */
export function messageListItems(ctx: AppContext, hits: MessageHit[]): MessageListItem[] {
  const counts = messageQueriesFor(ctx.store).statusCounts(hits.filter((h) => !h.delivery).map((h) => h.id));
  return hits.map((h) => {
    const c = counts.get(h.id);
    return h.delivery
      ? { ...h, key: `${h.id}-${h.delivery.endpointId}`, status: h.delivery.status, endpointUrl: h.delivery.endpointUrl }
      : { ...h, key: h.id, status: overallStatus(c), endpointCount: c ? c.pending + c.sending + c.success + c.failed : 0 };
  });
}

/** Every delivery of a message with its attempts (newest first), ready for DeliveryCard. */
export function deliveriesOf(ctx: AppContext, message: { id: string; appId: string | null }): Array<{ d: DeliveryView; attempts: AttemptView[] }> {
  const attempts = messageQueriesFor(ctx.store).attempts(message.id);
  return ingestDeliveryStoreFor(ctx.store).deliveries(message.id).map((d) => ({
    d: {
      endpointId: d.endpointId, endpointUrl: d.url, attemptCount: d.attemptCount, nextAttemptAt: d.nextAttemptAt,
      status: d.status === "pending" && d.attemptCount > 0 ? "retrying" : d.status,
      endpointHref: message.appId ? `/applications/${encodeURIComponent(message.appId)}/endpoints/${encodeURIComponent(d.endpointId)}` : undefined,
    },
    attempts: attempts.filter((a) => a.endpointId === d.endpointId),
  }));
}

function search(ctx: AppContext, c: UiCall) {
  const svc = outboundServices(ctx);
  const q = c.query;
  const f: MessageFilters = {
    q: q.q?.trim() ?? "", app: q.app ?? "", eventType: q.event_type ?? "", status: q.status ?? "",
    endpoint: q.endpoint?.trim() ?? "", since: q.since?.trim() ?? "", until: q.until?.trim() ?? "",
  };
  const errors: Partial<Record<keyof MessageFilters, string>> = {};
  const since = f.since ? parseUiTime(f.since) : null;
  const until = f.until ? parseUiTime(f.until) : null;
  if (f.since && since === null) errors.since = "Use a time like 2026-11-01T09:00";
  if (f.until && until === null) errors.until = "Use a time like 2026-11-01T18:00";
  const apps = svc.apps.list({ limit: 250, iterator: null, order: "ascending" }).data.map((a) => ({ id: a.id, name: a.name }));
  const eventTypes = svc.eventTypes.list({ limit: 250, iterator: null, order: "ascending" }, { includeArchived: true }).data.map((t) => t.name);
  const shared = { shell: c.shell, filters: f, errors, apps, eventTypes, budget: SCAN_BUDGET };
  const mq = messageQueriesFor(ctx.store);
  if (f.q) {
    // An exact id (msg_…) or the sender's eventId: at most a handful of rows, no paging.
    const ids = f.q.startsWith("msg_") ? [f.q] : mq.idsByEventId(f.q);
    const rows = ids.map((id) => mq.get(id)).filter((m) => m && m.appId).map((m) => ({ ...m!, appId: m!.appId! }));
    return page(<MessagesPage {...shared} rows={messageListItems(ctx, rows)} nextHref={null} firstHref={null} budgetHit={false} />);
  }
  const status = STATES.includes(f.status as SearchState) ? (f.status as SearchState) : undefined;
  const r = Object.keys(errors).length ? { rows: [], next: null, budgetHit: false } : mq.search({
    appId: f.app || undefined, eventType: f.eventType || undefined, status, endpointId: f.endpoint || undefined,
    since: since ?? undefined, until: until ?? undefined, cursor: q.cursor || null, limit: PAGE,
  });
  const base = { app: f.app, event_type: f.eventType, status: f.status, endpoint: f.endpoint, since: f.since, until: f.until };
  return page(<MessagesPage {...shared} rows={messageListItems(ctx, r.rows)} budgetHit={r.budgetHit}
    nextHref={r.next ? withQuery("/messages", { ...base, cursor: r.next }) : null}
    firstHref={q.cursor ? withQuery("/messages", base) : null} />, Object.keys(errors).length ? 422 : 200);
}

function card(ctx: AppContext, c: { csrfToken: string; now: number }, message: { id: string; appId: string | null }, endpointId: string): JSX.Element | null {
  const d = deliveriesOf(ctx, message).find((x) => x.d.endpointId === endpointId);
  return d ? <DeliveryCard messageId={message.id} d={d.d} attempts={d.attempts} csrfToken={c.csrfToken} now={c.now} /> : null;
}

export function messagePages(ctx: AppContext) {
  const svc = outboundServices(ctx);
  const mq = messageQueriesFor(ctx.store);
  return new Elysia()
    .use(uiSession(ctx))
    .get("/messages", uiRoute(ctx, (c) => search(ctx, c)))
    .get("/messages/:msgId", uiRoute(ctx, (c) => {
      const m = mq.get(c.params.msgId);
      if (!m) return notFoundPage(c, "message");
      // A captured inbound request lives in its source's inspector.
      if (!m.appId && m.sourceId) return redirect(c.request, `/sources/${encodeURIComponent(m.sourceId)}?request=${encodeURIComponent(m.id)}`);
      return page(<MessagePage shell={c.shell} message={{ ...m, appId: m.appId! }} deliveries={deliveriesOf(ctx, m)}
        liveHref={`/messages/${encodeURIComponent(m.id)}/live`} />);
    }))
    .post("/messages/:msgId/resend", uiRoute(ctx, async (c) => {
      const m = mq.get(c.params.msgId);
      if (!m || !m.appId) return notFoundPage(c, "message");
      const ep = svc.endpoints.get(m.appId, c.form.str("endpoint_id"));
      if (!ep) return notFoundPage(c, "endpoint");
      svc.redelivery.resend(m.id, ep.id, c.now);
      ctx.scheduler.wake("deliveries");
      c.audit("message.resend", m.id, { endpointId: ep.id });
      if (c.request.headers.get("hx-request")) {
        const view = card(ctx, c, m, ep.id);
        return view ? htmlPage(view) : new Response(null, { status: 204 });
      }
      return redirectWithFlash(ctx, c.request, `/messages/${encodeURIComponent(m.id)}`, { kind: "success", message: `Queued again for ${ep.url}.` });
    }))
    .get("/messages/:msgId/live", uiRoute(ctx, (c) => {
      const m = mq.get(c.params.msgId);
      if (!m) return notFoundPage(c, "message");
      return sseResponse(c.request, (sink) => {
        const push = async (endpointId: string) => {
          const view = card(ctx, { csrfToken: c.csrfToken, now: ctx.clock.now() }, m, endpointId);
          if (view && !sink.closed) sink.send("delivery", String(await view));
        };
        const off = liveHubOf(ctx).subscribe(`msg:${m.id}`, (s) => { if (s.kind === "attempt") void push(s.ref.endpointId); });
        // Whatever changed between the page render and this connection (or during a reconnect).
        for (const d of ingestDeliveryStoreFor(ctx.store).deliveries(m.id)) void push(d.endpointId);
        return off;
      }, liveHubOf(ctx).streams);
    }));
}
