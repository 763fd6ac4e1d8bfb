import { Badge } from "../components/badge.tsx";
import { Card } from "../components/card.tsx";
import { CheckboxField, Field } from "../components/field.tsx";
import { EmptyState } from "../components/empty-state.tsx";
import { JsonBlock } from "../components/json-block.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { Pagination } from "../components/pagination.tsx";
import { RelativeTime } from "../components/time.tsx";
import { BaseLayout } from "../layouts/base.tsx";
import { ActionButton, CsrfField, FilterBar } from "../partials/forms.tsx";
import type { Shell } from "../partials/shell.ts";

export interface EventTypeItem {
  name: string;
  description: string;
  archived: boolean;
  deprecated: boolean;
  hasSchema: boolean;
  createdAt: number;
}

export interface EventTypeFormValues { name: string; description: string; schema: string; example: string; deprecated?: boolean }
export type EventTypeFormErrors = Partial<Record<keyof EventTypeFormValues, string>>;

export interface EventTypesPageProps {
  shell: Shell;
  items: EventTypeItem[];
  includeArchived: boolean;
  /** The name filter ("" = all). */
  q?: string;
  nextHref: string | null;
  firstHref: string | null;
  form?: EventTypeFormValues;
  errors?: EventTypeFormErrors;
}

function FormFields({ v, e, editing }: { v?: EventTypeFormValues; e: EventTypeFormErrors; editing?: boolean }) {
  return (
    <>
      {editing ? "" : (
        <Field label="Name" name="name" required value={v?.name} error={e.name} mono placeholder="invoice.paid"
          hint="Letters, digits, '.', '-' and '_'. Endpoints subscribe to these names." />
      )}
      <Field label="Description" name="description" value={v?.description} error={e.description} />
      <Field label="Example payload (JSON)" name="example" rows={5} value={v?.example} error={e.example}
        hint="Sent by “Send a test event” on an endpoint page." />
      <Field label="JSON schema" name="schema" rows={6} value={v?.schema} error={e.schema}
        hint='Optional, documents the payload, e.g. {"type": "object", "properties": {"id": {"type": "string"}}}' />
    </>
  );
}

export function EventTypesPage(p: EventTypesPageProps) {
  const { shell } = p;
  return (
    <BaseLayout title="Event types" section="event-types" user={shell.user} csrfToken={shell.csrfToken} version={shell.version} flash={shell.flash}>
      <PageHeader title="Event types" description="The catalogue of events you send. Endpoints subscribe to them by name." />
      <div class="grid-main-side">
        <Card title="Catalogue" flush>
          <FilterBar action="/event-types" active={p.includeArchived || !!p.q} label="Filter event types">
            <Field label="Name" name="q" type="search" value={p.q} mono placeholder="invoice" id="f-et-q" />
            <CheckboxField label="Include archived" name="archived" value="1" checked={p.includeArchived} />
          </FilterBar>
          {p.items.length ? (
            <div class="table-wrap">
              <table class="table">
                <thead><tr><th scope="col">Name</th><th scope="col">Description</th><th scope="col">Schema</th><th scope="col">Created</th></tr></thead>
                <tbody>
                  {p.items.map((t) => (
                    <tr id={`et-${t.name}`}>
                      <td>
                        <a class="mono" href={`/event-types/${encodeURIComponent(t.name)}`} safe>{t.name}</a>
                        {t.archived ? <> <Badge tone="neutral" label="Archived" /></> : ""}
                        {t.deprecated ? <> <Badge tone="warning" label="Deprecated" /></> : ""}
                      </td>
                      <td class="cell-reason" safe>{t.description}</td>
                      <td>{t.hasSchema ? <Badge tone="success" label="Yes" /> : <span class="muted">–</span>}</td>
                      <td><RelativeTime at={t.createdAt} now={shell.now} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : p.q ? (
            <EmptyState compact icon="event-types" title="No event type matches" description="No name contains that text. Clear the filter to see them all." />
          ) : (
            <EmptyState compact icon="event-types" title="No event types yet"
              description="Create the first one, e.g. invoice.paid. Messages name an event type; endpoints choose which ones they receive." />
          )}
          {p.nextHref || p.firstHref ? <Pagination prevHref={p.firstHref} nextHref={p.nextHref} /> : ""}
        </Card>
        <Card title="New event type">
          <form method="post" action="/event-types" class="form" id="create-event-type">
            <CsrfField token={shell.csrfToken} />
            <FormFields v={p.form} e={p.errors ?? {}} />
            <div class="form-actions"><button type="submit" class="btn btn-primary">Create event type</button></div>
          </form>
        </Card>
      </div>
    </BaseLayout>
  );
}

export interface EventTypePageProps {
  shell: Shell;
  item: EventTypeItem & { schemaText: string | null };
  form: EventTypeFormValues;
  errors?: EventTypeFormErrors;
}

export function EventTypePage(p: EventTypePageProps) {
  const { shell, item } = p;
  const base = `/event-types/${encodeURIComponent(item.name)}`;
  return (
    <BaseLayout title={item.name} section="event-types" user={shell.user} csrfToken={shell.csrfToken} version={shell.version} flash={shell.flash}>
      <PageHeader title={item.name} crumbs={[{ label: "Event types", href: "/event-types" }, { label: item.name }]}
        description={item.description || undefined}>
        {item.archived ? <Badge tone="neutral" label="Archived" /> : ""}
        <a class="btn btn-secondary" href={`/messages?event_type=${encodeURIComponent(item.name)}`}>Messages</a>
      </PageHeader>
      <div class="grid-main-side">
        <div class="stack">
          <JsonBlock text={item.schemaText} label="Schemas" missing="No schema: any JSON payload is accepted." id="schema" />
        </div>
        <div class="stack">
          <Card title="Edit">
            <form method="post" action={base} class="form" id="edit-event-type">
              <CsrfField token={shell.csrfToken} />
              <FormFields v={p.form} e={p.errors ?? {}} editing />
              <CheckboxField label="Deprecated" name="deprecated" value="1" checked={p.form.deprecated}
                hint="Still delivered; marks it as on its way out." />
              <div class="form-actions"><button type="submit" class="btn btn-primary">Save</button></div>
            </form>
          </Card>
          <Card title={item.archived ? "Archived" : "Archive"}
            description={item.archived ? "Hidden from the catalogue; messages can still use it." : "Hides it from the catalogue. Endpoints keep their subscriptions."}>
            <ActionButton action={`${base}/${item.archived ? "unarchive" : "archive"}`} csrfToken={shell.csrfToken}
              label={item.archived ? "Unarchive" : "Archive"} variant="secondary" />
          </Card>
        </div>
      </div>
    </BaseLayout>
  );
}
