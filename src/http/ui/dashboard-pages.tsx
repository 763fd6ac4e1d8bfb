// The dashboard (GET /) and its 30-second refresh fragment: deliveries per hour, success rate, queue
// depth and age, failing and disabled endpoints, recent inbound rejections and open alerts.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { dashboardQueriesFor } from "../../store/ui-dashboard";
import { createOpsStats, type OpsStats } from "../../store/ops-stats";
import { listAlerts, acknowledgeAlerts, type AlertRow } from "../../store/alerts";
import { DashboardBody, DashboardPage, type DashboardStats } from "../../../views/pages/dashboard";
import type { AlertItem } from "../../../views/partials/alerts";
import { uiSession } from "./session";
import { uiRoute, page, redirectWithFlash } from "./ui-route";
import { endpointPath } from "./endpoint-pages";

const pad = (n: number) => String(n).padStart(2, "0");
const opsStats = new WeakMap<AppContext, OpsStats>();

function ownerHref(e: { id: string; appId: string | null; sourceId: string | null }): string | undefined {
  if (e.appId) return endpointPath(e.appId, e.id);
  return e.sourceId ? `/sources/${encodeURIComponent(e.sourceId)}` : undefined;
}

function alertHref(a: AlertRow): string | undefined {
  if (a.messageId && a.appId) return `/messages/${encodeURIComponent(a.messageId)}`;
  if (a.endpointId && a.appId) return endpointPath(a.appId, a.endpointId);
  if (a.sourceId) return `/sources/${encodeURIComponent(a.sourceId)}`;
  return undefined;
}

export function dashboardStats(ctx: AppContext, now: number): DashboardStats {
  const d = dashboardQueriesFor(ctx.store);
  let ops = opsStats.get(ctx);
  if (!ops) opsStats.set(ctx, (ops = createOpsStats(ctx.store)));
  const hours = d.hourly(now);
  const ok = hours.reduce((n, h) => n + h.ok, 0);
  const fail = hours.reduce((n, h) => n + h.fail, 0);
  const q = ops.queue(now);
  const alerts: AlertItem[] = listAlerts(ctx.store, { limit: 10, unacknowledgedOnly: true }).map((a) => ({ id: a.id, type: a.type, summary: a.summary, at: a.createdAt, href: alertHref(a) }));
  return {
    successRate: ok + fail ? ok / (ok + fail) : null,
    queueDepth: q.pending + q.sending,
    oldestPendingAgeMs: q.pending + q.sending ? q.oldestDueAgeMs : null,
    deliveries24h: hours.map((h) => ({ label: `${pad(new Date(h.start).getUTCHours())}:00`, success: h.ok, failure: h.fail })),
    failingEndpoints: d.failingEndpoints(now).map((e) => ({ ...e, href: ownerHref(e), appName: e.ownerName })),
    disabledEndpoints: d.disabledEndpoints().map((e) => ({ ...e, href: ownerHref(e), appName: e.ownerName })),
    recentRejections: d.recentRejections().map((r) => ({
      id: r.id, sourceName: r.sourceName, reason: r.reason ?? "rejected", at: r.createdAt, method: r.method, status: "rejected" as const,
      href: `/sources/${encodeURIComponent(r.sourceId)}?request=${encodeURIComponent(r.id)}`,
    })),
    alerts,
  };
}

export function dashboardPages(ctx: AppContext) {
  return new Elysia()
    .use(uiSession(ctx))
    .get("/", uiRoute(ctx, (c) => page(<DashboardPage user={c.shell.user} csrfToken={c.csrfToken} version={c.shell.version} flash={c.shell.flash}
      stats={dashboardStats(ctx, c.now)} now={c.now} refreshHref="/dashboard/body" ackAction="/alerts/ack" />)))
    .get("/dashboard/body", uiRoute(ctx, (c) => page(<DashboardBody stats={dashboardStats(ctx, c.now)} now={c.now} refreshHref="/dashboard/body"
      csrfToken={c.csrfToken} ackAction="/alerts/ack" />)))
    .post("/alerts/ack", uiRoute(ctx, (c) => {
      const n = acknowledgeAlerts(ctx.store, c.now);
      return redirectWithFlash(ctx, c.request, "/", { kind: "success", message: `${n} alert${n === 1 ? "" : "s"} marked as seen.` });
    }));
}
