import { BarChart, type ChartBucket } from "../components/bar-chart.tsx";
import { Card } from "../components/card.tsx";
import type { FlashMessage } from "../components/flash.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { StatCard, type StatTone } from "../components/stat-card.tsx";
import { BaseLayout, type SessionUser } from "../layouts/base.tsx";
import { formatCount, formatDuration, formatPercent } from "../lib/format.ts";
import {
  DisabledEndpointsTable,
  FailingEndpointsTable,
  RejectionsTable,
  type DisabledEndpoint,
  type FailingEndpoint,
  type RecentRejection,
} from "../partials/endpoint-health.tsx";
import { AlertsList, type AlertItem } from "../partials/alerts.tsx";

export type { AlertItem, ChartBucket, DisabledEndpoint, FailingEndpoint, RecentRejection };

export interface DashboardStats {
  /** Succeeded / finished deliveries over the last 24 h as a 0..1 ratio; null when none finished. */
  successRate: number | null;
  /** Deliveries pending or sending right now. */
  queueDepth: number;
  /** Age of the oldest pending delivery; null when the queue is empty. */
  oldestPendingAgeMs: number | null;
  /** Oldest first, typically 24 hourly buckets. */
  deliveries24h: ChartBucket[];
  failingEndpoints: FailingEndpoint[];
  disabledEndpoints: DisabledEndpoint[];
  recentRejections: RecentRejection[];
  /** Open operational alerts, newest first; the card is left out when undefined. */
  alerts?: AlertItem[];
}

export interface DashboardPageProps {
  user: SessionUser;
  csrfToken: string;
  version: string;
  flash?: FlashMessage | FlashMessage[];
  stats: DashboardStats;
  /** Clock for relative times; tests pin it. */
  now?: number;
  /** When set, the body re-fetches itself from this URL every 30 s (an htmx fragment route). */
  refreshHref?: string;
  /** POST target that marks every open alert as seen. */
  ackAction?: string;
}

// Thresholds an operator would page on; matching Svix's "failing" heuristics loosely.
function rateTone(rate: number | null): StatTone {
  if (rate === null) return "neutral";
  return rate >= 0.99 ? "good" : rate >= 0.95 ? "warn" : "bad";
}

function ageTone(ms: number | null): StatTone {
  if (ms === null) return "good";
  return ms > 3_600_000 ? "bad" : ms > 300_000 ? "warn" : "neutral";
}

/** The dashboard's live part: an htmx route can return just this as the refresh fragment. */
export function DashboardBody(props: { stats: DashboardStats; now?: number; refreshHref?: string; csrfToken?: string; ackAction?: string }) {
  const { stats: s, now } = props;
  const ok = s.deliveries24h.reduce((a, b) => a + b.success, 0);
  const failed = s.deliveries24h.reduce((a, b) => a + b.failure, 0);
  const poll = props.refreshHref
    ? { "hx-get": props.refreshHref, "hx-trigger": "every 30s", "hx-swap": "outerHTML" }
    : {};
  return (
    <div id="dashboard-body" class="stack" {...poll}>
      <div class="stat-grid">
        <StatCard
          label="Success rate"
          icon="activity"
          value={formatPercent(s.successRate)}
          tone={rateTone(s.successRate)}
          hint={s.successRate === null ? "No deliveries in 24 h" : `${formatCount(ok + failed)} deliveries in 24 h`}
        />
        <StatCard
          label="Failed (24 h)"
          icon="alert"
          value={formatCount(failed)}
          tone={failed > 0 ? "bad" : "good"}
          hint={`${formatCount(s.failingEndpoints.length)} failing endpoint${s.failingEndpoints.length === 1 ? "" : "s"}`}
        />
        <StatCard label="Queue depth" icon="queue" value={formatCount(s.queueDepth)} hint="Pending or sending now" />
        <StatCard
          label="Oldest pending"
          icon="clock"
          value={s.oldestPendingAgeMs === null ? "–" : formatDuration(s.oldestPendingAgeMs)}
          tone={ageTone(s.oldestPendingAgeMs)}
          hint={s.oldestPendingAgeMs === null ? "Queue is empty" : "Waiting for delivery"}
        />
      </div>

      <Card title="Deliveries" description="Last 24 hours, by hour">
        <BarChart buckets={s.deliveries24h} caption="Deliveries in the last 24 hours" />
      </Card>

      <div class="grid-main-side">
        <Card title="Failing endpoints" description="Last delivery failed" flush>
          <FailingEndpointsTable rows={s.failingEndpoints} now={now} />
        </Card>
        <Card title="Disabled endpoints" description="Not receiving deliveries" flush>
          <DisabledEndpointsTable rows={s.disabledEndpoints} now={now} />
        </Card>
      </div>

      <Card title="Recent rejections" description="Inbound requests refused or filtered" flush>
        <RejectionsTable rows={s.recentRejections} now={now} />
      </Card>

      {s.alerts ? (
        <Card title="Alerts" description="Open operational alerts" flush>
          <AlertsList alerts={s.alerts} now={now} ackAction={props.ackAction} csrfToken={props.csrfToken} />
        </Card>
      ) : ""}
    </div>
  );
}

export function DashboardPage(props: DashboardPageProps) {
  return (
    <BaseLayout
      title="Dashboard"
      section="dashboard"
      user={props.user}
      csrfToken={props.csrfToken}
      version={props.version}
      flash={props.flash}
    >
      <PageHeader title="Dashboard" description="Delivery health across all applications and sources.">
        <a class="btn btn-secondary" href="/messages">View messages</a>
        <a class="btn btn-primary" href="/applications">Applications</a>
      </PageHeader>
      <DashboardBody stats={props.stats} now={props.now} refreshHref={props.refreshHref} csrfToken={props.csrfToken} ackAction={props.ackAction} />
    </BaseLayout>
  );
}
