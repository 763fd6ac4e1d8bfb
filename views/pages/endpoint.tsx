import { Badge, StatusBadge } from "../components/badge.tsx";
import { Card } from "../components/card.tsx";
import { CopyField } from "../components/copy-button.tsx";
import { DetailList } from "../components/detail-list.tsx";
import { EmptyState } from "../components/empty-state.tsx";
import { Field } from "../components/field.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { Pagination } from "../components/pagination.tsx";
import { StatCard } from "../components/stat-card.tsx";
import { RelativeTime } from "../components/time.tsx";
import { BaseLayout } from "../layouts/base.tsx";
import { formatAbsolute, formatCount, formatDuration, formatPercent, formatRelative } from "../lib/format.ts";
import { AttemptRow, AttemptTableHead, type AttemptRowView } from "../partials/attempts.tsx";
import { ActionButton, CsrfField, LiveIndicator } from "../partials/forms.tsx";
import { isAdmin, type Shell } from "../partials/shell.ts";
import { endpointState } from "./application.tsx";

export interface EndpointDetail {
  id: string;
  uid: string | null;
  url: string;
  description: string;
  disabled: boolean;
  disabledReason: string | null;
  failingSince: number | null;
  filterTypes: string[] | null;
  channels: string[] | null;
  headerNames: string[];
  retrySchedule: number[] | null;
  timeoutMs: number | null;
  throttleRate: number | null;
  createdAt: number;
}

export interface EndpointHealthView {
  attempts: number;
  failed: number;
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  lastSuccessAt: number | null;
}

export interface EndpointPageProps {
  shell: Shell;
  app: { id: string; name: string };
  endpoint: EndpointDetail;
  health: EndpointHealthView;
  attempts: AttemptRowView[];
  nextHref: string | null;
  firstHref: string | null;
  /** SSE URL for new attempts; only on the first page. */
  liveHref: string | null;
  eventTypes: string[];
  /** datetime-local value for "recover since", 24 h ago (UTC). */
  recoverSince: string;
}

/** The signing secret: masked until an admin reveals it (each reveal is audit-logged). */
export function SecretSlot(props: { base: string; csrfToken: string; admin: boolean; secret?: string }) {
  return (
    <span class="secret-slot" id="secret-slot">
      {props.secret ? (
        <CopyField value={props.secret} label="signing secret" />
      ) : (
        <>
          <code class="muted">whsec_••••••••</code>
          {props.admin ? (
            <button type="button" class="btn btn-secondary btn-sm" hx-post={`${props.base}/secret/reveal`} hx-target="#secret-slot" hx-swap="outerHTML">
              Reveal
            </button>
          ) : <span class="muted">Only admins can reveal it.</span>}
        </>
      )}
    </span>
  );
}

/**
 * The endpoint's headline numbers. With `statsHref` (first page, live) it re-fetches itself each time
 * an attempt arrives on the page's stream (`sse:attempt`).
 */
export function EndpointStats({ h, failing, now, statsHref }: { h: EndpointHealthView; failing: boolean; now: number; statsHref: string | null }) {
  const live = statsHref ? { "hx-get": statsHref, "hx-trigger": "sse:attempt", "hx-swap": "outerHTML" } : {};
  return (
    <div class="stat-grid" id="endpoint-stats" {...live}>
      <StatCard label="Success rate" icon="activity" value={formatPercent(h.successRate)}
        tone={h.successRate === null ? "neutral" : h.successRate >= 0.99 ? "good" : h.successRate >= 0.9 ? "warn" : "bad"}
        hint={`${formatCount(h.attempts)} attempt${h.attempts === 1 ? "" : "s"} in 24 h`} />
      <StatCard label="Failed (24 h)" icon="alert" value={formatCount(h.failed)} tone={h.failed ? "bad" : "good"} />
      <StatCard label="Latency p50" icon="clock" value={formatDuration(h.p50Ms)} hint={`p95 ${formatDuration(h.p95Ms)}`} />
      {/* A point in time, so it reads "3 min ago": a bare "352 ms" next to the latency card looked like one. */}
      <StatCard label="Last success" icon="check" value={h.lastSuccessAt === null ? "never" : formatRelative(h.lastSuccessAt, now)}
        hint={h.lastSuccessAt === null ? "No successful delivery yet" : formatAbsolute(h.lastSuccessAt)} tone={failing ? "bad" : "neutral"} />
    </div>
  );
}

/** The test event's type when the endpoint does not filter by type. */
export const TEST_EVENT_TYPE = "hookrelay.test";

const scheduleText = (s: number[] | null) => (s ? s.map((n) => (n === 0 ? "at once" : formatDuration(n * 1000))).join(", ") : "Server default");

export function EndpointPage(p: EndpointPageProps) {
  const { shell, app, endpoint: e, health: h } = p;
  const appBase = `/applications/${encodeURIComponent(app.id)}`;
  const base = `${appBase}/endpoints/${encodeURIComponent(e.id)}`;
  const admin = isAdmin(shell);
  const state = endpointState(e);
  return (
    <BaseLayout title={`Endpoint ${e.url}`} section="applications" user={shell.user} csrfToken={shell.csrfToken} version={shell.version} flash={shell.flash}>
      <PageHeader title={e.url} description={e.description || undefined}
        crumbs={[{ label: "Applications", href: "/applications" }, { label: app.name, href: appBase }, { label: "Endpoint" }]}>
        <StatusBadge status={state} title={e.disabledReason ?? undefined} />
        {e.disabled ? (
          <ActionButton action={`${base}/enable`} csrfToken={shell.csrfToken} label="Enable" variant="primary" id="enable-endpoint" />
        ) : (
          <ActionButton action={`${base}/disable`} csrfToken={shell.csrfToken} label="Disable" id="disable-endpoint" />
        )}
        <a class="btn btn-secondary" href={`${base}/edit`}>Edit</a>
        <a class="btn btn-secondary" href={`/messages?endpoint=${encodeURIComponent(e.id)}`}>Messages</a>
      </PageHeader>
      <div class="stack" {...(p.liveHref ? { "sse-connect": p.liveHref } : {})} id="endpoint-live">
        {e.disabled ? (
          <div class="alert alert-danger" role="status">
            <p safe>{`Disabled${e.disabledReason && e.disabledReason !== "manual" ? `: ${e.disabledReason}` : " manually"}. New messages are not queued for it; enable it, then recover what it missed.`}</p>
          </div>
        ) : ""}
        <EndpointStats h={h} failing={!!e.failingSince} now={shell.now} statsHref={p.liveHref ? `${base}/stats` : null} />

        <div class="grid-2">
          <Card title="Configuration">
            <DetailList items={[
              { label: "Endpoint ID", node: <CopyField value={e.id} label="endpoint ID" /> },
              { label: "Signing secret", node: <SecretSlot base={base} csrfToken={shell.csrfToken} admin={admin} /> },
              { label: "Event types", node: e.filterTypes?.length ? <span class="chip-list">{e.filterTypes.map((t) => <Badge label={t} />)}</span> : <span class="muted">All</span> },
              { label: "Channels", text: e.channels?.join(", ") ?? null, mono: true },
              { label: "Retry schedule", text: scheduleText(e.retrySchedule) },
              { label: "Timeout", text: e.timeoutMs ? formatDuration(e.timeoutMs) : "Server default" },
              { label: "Throttle", text: e.throttleRate ? `${e.throttleRate}/s` : "None" },
              { label: "Custom headers", text: e.headerNames.length ? e.headerNames.join(", ") : null, mono: true },
              { label: "Created", node: <RelativeTime at={e.createdAt} now={shell.now} /> },
            ]} />
            {admin ? (
              <div class="actions" style="margin-top: 16px">
                <ActionButton action={`${base}/secret/rotate`} csrfToken={shell.csrfToken} label="Rotate secret" small
                  confirm="Rotate the signing secret? The old one keeps working for the grace period." />
                <a class="btn btn-ghost btn-sm" href="/docs/verify">How receivers verify signatures</a>
              </div>
            ) : ""}
          </Card>
          <div class="stack">
            <Card title="Send a test event" description="Queued for this endpoint only">
              <form method="post" action={`${base}/test`} class="form" id="send-test">
                <CsrfField token={shell.csrfToken} />
                <Field label="Event type" name="event_type" id="f-test-event-type" required mono value={e.filterTypes?.[0] ?? TEST_EVENT_TYPE}
                  suggestions={p.eventTypes} maxlength={256}
                  hint="Any event type. One from the catalogue sends its example payload; any other a small test payload." />
                <div class="form-actions"><button type="submit" class="btn btn-secondary">Send test event</button></div>
              </form>
            </Card>
            <Card title="Recover failed messages" description="Queue again every failed delivery since a time, plus messages missed while disabled">
              <form method="post" action={`${base}/recover`} class="form" id="recover">
                <CsrfField token={shell.csrfToken} />
                <Field label="Since (UTC)" name="since" type="text" value={p.recoverSince} required mono
                  hint="A time like 2026-11-01T09:00 (UTC) or an ISO timestamp." id="f-recover-since" />
                <div class="form-actions"><button type="submit" class="btn btn-secondary">Recover</button></div>
              </form>
            </Card>
          </div>
        </div>

        <div id="attempts-live">
          <Card title="Recent attempts" flush id="attempts" actions={p.liveHref ? <LiveIndicator /> : undefined}>
            <div class="table-wrap">
              <table class="table">
                <AttemptTableHead />
                <tbody id="attempt-rows" {...(p.liveHref ? { "sse-swap": "attempt", "hx-swap": "afterbegin", "data-max-rows": "100" } : {})}>
                  {p.attempts.map((a) => <AttemptRow a={a} now={shell.now} />)}
                </tbody>
              </table>
            </div>
            {p.attempts.length ? "" : (
              <div data-live-empty="">
                <EmptyState compact icon="activity" title="No attempts yet"
                  description="Attempts appear here live as messages are delivered. Send a test event to try it." />
              </div>
            )}
            {p.nextHref || p.firstHref ? <Pagination prevHref={p.firstHref} nextHref={p.nextHref} /> : ""}
          </Card>
        </div>

        <Card title="Danger zone" class="danger-zone" description="Deleting removes the endpoint and its delivery history.">
          <ActionButton action={`${base}/delete`} csrfToken={shell.csrfToken} label="Delete endpoint" variant="danger-ghost"
            confirm="Delete this endpoint and its delivery history?" />
        </Card>
      </div>
    </BaseLayout>
  );
}
