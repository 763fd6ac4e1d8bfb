import { Card } from "../components/card.tsx";
import { EmptyState } from "../components/empty-state.tsx";
import { Field, SelectField } from "../components/field.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { Pagination } from "../components/pagination.tsx";
import { BaseLayout } from "../layouts/base.tsx";
import { formatCount } from "../lib/format.ts";
import { FilterBar } from "../partials/forms.tsx";
import { MessageTable, type MessageListItem } from "../partials/message-table.tsx";
import type { Shell } from "../partials/shell.ts";

export interface MessageFilters {
  q: string;
  app: string;
  eventType: string;
  status: string;
  endpoint: string;
  since: string;
  until: string;
}

export interface MessagesPageProps {
  shell: Shell;
  filters: MessageFilters;
  /** Per-field problems with the filters (a bad date). */
  errors?: Partial<Record<keyof MessageFilters, string>>;
  rows: MessageListItem[];
  apps: Array<{ id: string; name: string }>;
  eventTypes: string[];
  nextHref: string | null;
  firstHref: string | null;
  /** Rows examined per page; shown when a page ran out of budget before filling up. */
  budget?: number;
  budgetHit: boolean;
}

const STATUSES = [
  { value: "", label: "Any status" },
  { value: "failed", label: "Failed (gave up)" },
  { value: "retrying", label: "Retrying (last attempt failed)" },
  { value: "pending", label: "Pending" },
  { value: "sending", label: "Sending" },
  { value: "success", label: "Succeeded" },
];

export function MessagesPage(p: MessagesPageProps) {
  const { shell, filters: f, errors: e = {} } = p;
  const active = Object.values(f).some(Boolean);
  return (
    <BaseLayout title="Messages" section="messages" user={shell.user} csrfToken={shell.csrfToken} version={shell.version} flash={shell.flash}>
      <PageHeader title="Messages" description="Every event sent to an application, with its delivery state per endpoint." />
      <Card flush>
        <FilterBar action="/messages" active={active} label="Search messages">
          <Field label="Message or event ID" name="q" type="search" value={f.q} mono placeholder="msg_… or your eventId" error={e.q} />
          <SelectField label="Application" name="app" value={f.app}
            options={[{ value: "", label: "All applications" }, ...p.apps.map((a) => ({ value: a.id, label: a.name }))]} />
          {/* Free text: messages may carry event types the catalogue does not list (inbound ones always do). */}
          <Field label="Event type" name="event_type" value={f.eventType} mono placeholder="Any event type" suggestions={p.eventTypes} />
          <SelectField label="Status" name="status" value={f.status} options={STATUSES} />
          <Field label="Endpoint ID" name="endpoint" value={f.endpoint} mono placeholder="ep_…" error={e.endpoint} />
          <Field label="From (UTC)" name="since" value={f.since} placeholder="2026-11-01T09:00" error={e.since} mono />
          <Field label="To (UTC)" name="until" value={f.until} placeholder="2026-11-01T18:00" error={e.until} mono />
        </FilterBar>
        {p.rows.length ? <MessageTable rows={p.rows} now={shell.now} /> : active ? (
          <EmptyState compact title="No message matches" description={p.budgetHit
            ? "Nothing in this stretch of history; use Older to search further back."
            : "Widen the time range or clear a filter."} />
        ) : (
          <EmptyState title="No messages yet" icon="messages"
            description="Messages appear here once an application sends one: from its page, or with POST /api/v1/app/{app_id}/msg."
            action={{ href: "/applications", label: "Go to applications" }} />
        )}
        {p.budgetHit ? (
          <p class="budget-note" safe>{`Each page looks at up to ${formatCount(p.budget ?? 0)} rows so search stays fast; Older continues from where this page stopped.`}</p>
        ) : ""}
        {p.nextHref || p.firstHref ? <Pagination prevHref={p.firstHref} nextHref={p.nextHref} /> : ""}
      </Card>
    </BaseLayout>
  );
}
