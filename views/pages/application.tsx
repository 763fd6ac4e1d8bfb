import { Badge, StatusBadge } from "../components/badge.tsx";
import { Card } from "../components/card.tsx";
import { CopyField } from "../components/copy-button.tsx";
import { DetailList } from "../components/detail-list.tsx";
import { EmptyState } from "../components/empty-state.tsx";
import { Field, SelectField } from "../components/field.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { Pagination } from "../components/pagination.tsx";
import { RelativeTime } from "../components/time.tsx";
import { BaseLayout } from "../layouts/base.tsx";
import { ActionButton, CsrfField } from "../partials/forms.tsx";
import { MessageTable, type MessageListItem } from "../partials/message-table.tsx";
import { PollingEndpointsCard, type PollerFormState, type PollerItem, type PollerKeyShown } from "../partials/polling-endpoints.tsx";
import { IntegrationsCard, type IntegrationItem, type IntegrationKeyShown } from "../partials/integrations.tsx";
import { isAdmin, type Shell } from "../partials/shell.ts";

export interface AppEndpointItem {
  id: string;
  url: string;
  description: string;
  disabled: boolean;
  failingSince: number | null;
  filterTypes: string[] | null;
  createdAt: number;
}

export interface ApplicationPageProps {
  shell: Shell;
  app: { id: string; uid: string | null; name: string; createdAt: number };
  endpoints: AppEndpointItem[];
  /** Keyset links through the endpoints (ascending by id), when there are more than a page. */
  endpointsNextHref: string | null;
  endpointsFirstHref: string | null;
  recent: MessageListItem[];
  eventTypes: string[];
  send?: { eventType?: string; payload?: string; error?: string };
  rename?: { name?: string; uid?: string; errors?: { name?: string; uid?: string } };
  pollers: PollerItem[];
  pollerForm?: PollerFormState;
  /** A consumer key just made, shown in this answer only. */
  pollerShown?: PollerKeyShown;
  integrations: IntegrationItem[];
  integrationForm?: { name?: string; error?: string };
  /** An integration key just made, shown in this answer only. */
  integrationShown?: IntegrationKeyShown;
}

export const endpointState = (e: { disabled: boolean; failingSince: number | null }) => (e.disabled ? "disabled" : e.failingSince ? "failing" : "enabled");

const EXAMPLE = '{\n  "id": "inv_123",\n  "amount": 4200,\n  "currency": "eur"\n}';

function SendMessageForm({ p }: { p: ApplicationPageProps }) {
  const base = `/applications/${encodeURIComponent(p.app.id)}`;
  if (!p.eventTypes.length) {
    return <EmptyState compact icon="event-types" title="No event types yet" description="Messages carry an event type. Create one in the catalogue first."
      action={{ href: "/event-types", label: "Create an event type" }} />;
  }
  return (
    <form method="post" action={`${base}/messages`} class="form" id="send-message">
      <CsrfField token={p.shell.csrfToken} />
      <SelectField label="Event type" name="event_type" required value={p.send?.eventType}
        options={p.eventTypes.map((t) => ({ value: t, label: t }))} />
      <Field label="Payload (JSON)" name="payload" rows={6} required value={p.send?.payload ?? EXAMPLE} error={p.send?.error} />
      <div class="form-actions"><button type="submit" class="btn btn-primary">Send message</button></div>
    </form>
  );
}

export function ApplicationPage(p: ApplicationPageProps) {
  const { shell, app } = p;
  const base = `/applications/${encodeURIComponent(app.id)}`;
  return (
    <BaseLayout title={app.name} section="applications" user={shell.user} csrfToken={shell.csrfToken} version={shell.version} flash={shell.flash}>
      <PageHeader title={app.name} crumbs={[{ label: "Applications", href: "/applications" }, { label: app.name }]}
        description="Endpoints receive this application's messages, signed with their own secret.">
        <a class="btn btn-secondary" href={`/messages?app=${encodeURIComponent(app.id)}`}>All messages</a>
        <a class="btn btn-primary" href={`${base}/endpoints/new`}>Add endpoint</a>
      </PageHeader>
      <div class="stack">
        <Card>
          <DetailList items={[
            { label: "Application ID", node: <CopyField value={app.id} label="application ID" /> },
            { label: "UID", text: app.uid, mono: true },
            { label: "Created", node: <RelativeTime at={app.createdAt} now={shell.now} /> },
          ]} />
        </Card>

        <Card title="Endpoints" description="Where this application's webhooks go" flush id="endpoints"
          actions={<a class="btn btn-secondary btn-sm" href={`${base}/endpoints/new`}>Add endpoint</a>}>
          {p.endpoints.length ? (
            <div class="table-wrap">
              <table class="table">
                <thead>
                  <tr><th scope="col">Endpoint</th><th scope="col">State</th><th scope="col">Event types</th><th scope="col">Created</th></tr>
                </thead>
                <tbody>
                  {p.endpoints.map((e) => (
                    <tr id={`endpoint-${e.id}`}>
                      <td class="cell-endpoint">
                        <a class="mono truncate" href={`${base}/endpoints/${encodeURIComponent(e.id)}`} title={e.url} safe>{e.url}</a>
                        {e.description ? <span class="cell-sub" safe>{e.description}</span> : ""}
                      </td>
                      <td><StatusBadge status={endpointState(e)} /></td>
                      <td>
                        {e.filterTypes?.length ? (
                          <span class="chip-list">{e.filterTypes.slice(0, 4).map((t) => <Badge tone="neutral" label={t} />)}
                            {e.filterTypes.length > 4 ? <span class="muted" safe>{`+${e.filterTypes.length - 4}`}</span> : ""}</span>
                        ) : <span class="muted">All</span>}
                      </td>
                      <td><RelativeTime at={e.createdAt} now={shell.now} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <EmptyState compact icon="external" title="No endpoints yet"
              description="Add the URL that should receive this application's webhooks. A local receiver works too when private destinations are allowed."
              action={{ href: `${base}/endpoints/new`, label: "Add endpoint" }} />
          )}
          {p.endpointsNextHref || p.endpointsFirstHref ? <Pagination prevHref={p.endpointsFirstHref} nextHref={p.endpointsNextHref} /> : ""}
        </Card>

        <div class="grid-2">
          <Card title="Send a message" description="Fans out to every endpoint subscribed to the event type">
            <SendMessageForm p={p} />
          </Card>
          <Card title="Settings">
            <form method="post" action={base} class="form" id="rename-app">
              <CsrfField token={shell.csrfToken} />
              <Field label="Name" name="name" required value={p.rename?.name ?? app.name} error={p.rename?.errors?.name} id="f-app-name" />
              <Field label="UID" name="uid" value={p.rename?.uid ?? app.uid} error={p.rename?.errors?.uid} mono id="f-app-uid" />
              <div class="form-actions"><button type="submit" class="btn btn-secondary">Save</button></div>
            </form>
          </Card>
        </div>

        <Card title="Recent messages" flush actions={<a class="btn btn-ghost btn-sm" href={`/messages?app=${encodeURIComponent(app.id)}`}>Search messages</a>}>
          {p.recent.length ? <MessageTable rows={p.recent} now={shell.now} showApp={false} /> : (
            <EmptyState compact icon="messages" title="No messages yet" description="Send one with the form above or with POST /api/v1/app/{app_id}/msg." />
          )}
        </Card>

        <PollingEndpointsCard shell={shell} base={base} pollers={p.pollers} form={p.pollerForm} shown={p.pollerShown} />

        <IntegrationsCard shell={shell} base={base} items={p.integrations} shown={p.integrationShown} name={p.integrationForm?.name} error={p.integrationForm?.error} />

        {isAdmin(shell) ? (
          <Card title="Danger zone" class="danger-zone" description="Deleting removes the application's endpoints, messages and attempt history.">
            <ActionButton action={`${base}/delete`} csrfToken={shell.csrfToken} label="Delete application" variant="danger"
              confirm={`Delete ${app.name} and everything in it?`} />
          </Card>
        ) : ""}
      </div>
    </BaseLayout>
  );
}
