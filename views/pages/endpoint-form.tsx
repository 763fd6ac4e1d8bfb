import { Card } from "../components/card.tsx";
import { CheckboxField, Field } from "../components/field.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { BaseLayout } from "../layouts/base.tsx";
import { CsrfField } from "../partials/forms.tsx";
import type { Shell } from "../partials/shell.ts";

/** The form's values as text, exactly as the user typed them (kept after a 422). */
export interface EndpointFormValues {
  url: string;
  description: string;
  eventTypes: string[];
  channels: string;
  headers: string;
  retrySchedule: string;
  timeoutSec: string;
  throttleRate: string;
}

export type EndpointFormErrors = Partial<Record<keyof EndpointFormValues | "form", string>>;

export interface EndpointFormPageProps {
  shell: Shell;
  app: { id: string; name: string };
  /** Present when editing. */
  endpoint?: { id: string; url: string };
  values: EndpointFormValues;
  errors?: EndpointFormErrors;
  /** Every event type in the catalogue (archived ones excluded). */
  eventTypes: string[];
  /** The server-wide schedule, e.g. "5s, 5m, 30m, 2h, 5h, 10h, 10h". */
  defaultSchedule: string;
  defaultTimeoutSec: number;
}

export function EndpointFormPage(p: EndpointFormPageProps) {
  const { shell, app, values: v, errors: e = {} } = p;
  const appBase = `/applications/${encodeURIComponent(app.id)}`;
  const editing = !!p.endpoint;
  const action = editing ? `${appBase}/endpoints/${encodeURIComponent(p.endpoint!.id)}/edit` : `${appBase}/endpoints`;
  const title = editing ? "Edit endpoint" : "Add endpoint";
  const crumbs = [{ label: "Applications", href: "/applications" }, { label: app.name, href: appBase }];
  if (editing) crumbs.push({ label: p.endpoint!.url, href: `${appBase}/endpoints/${encodeURIComponent(p.endpoint!.id)}` });
  const chosen = new Set(v.eventTypes);
  return (
    <BaseLayout title={title} section="applications" user={shell.user} csrfToken={shell.csrfToken} version={shell.version} flash={shell.flash}>
      <PageHeader title={title} crumbs={crumbs} />
      <form method="post" action={action} class="stack" id="endpoint-form">
        <CsrfField token={shell.csrfToken} />
        {e.form ? <div class="alert alert-danger" role="alert"><p safe>{e.form}</p></div> : ""}
        <Card title="Destination">
          <div class="form">
            <Field label="URL" name="url" type="url" required value={v.url} error={e.url} mono autofocus={!editing || !!e.url}
              placeholder="https://example.com/webhooks" hint="Where hookrelay POSTs each message, signed with the endpoint's secret." />
            <Field label="Description" name="description" value={v.description} error={e.description} />
          </div>
        </Card>
        <Card title="What it receives" description="Leave every box unticked to receive all event types.">
          <div class="form">
            {p.eventTypes.length ? (
              <fieldset class="check-grid" style="border: 0; padding: 0; margin: 0">
                <legend class="field-label" style="margin-bottom: 6px">Event types</legend>
                {p.eventTypes.map((t, i) => (
                  <CheckboxField label={t} name="event_types" value={t} id={`f-et-${i}`} checked={chosen.has(t)} />
                ))}
              </fieldset>
            ) : <p class="muted">No event types in the catalogue yet: this endpoint will receive every message.</p>}
            {e.eventTypes ? <p class="field-error" safe>{e.eventTypes}</p> : ""}
            <Field label="Channels" name="channels" value={v.channels} error={e.channels} mono
              hint="Comma-separated. When set, only messages sent to one of these channels arrive." />
          </div>
        </Card>
        <Card title="Delivery">
          <div class="form-grid">
            <Field label="Retry schedule (seconds)" name="retry_schedule" value={v.retrySchedule} error={e.retrySchedule} mono
              placeholder="0, 60, 600, 3600" hint={`The delay before each attempt, comma-separated; the first is before the first attempt (0 = at once). Empty uses the server default: ${p.defaultSchedule}.`} />
            <Field label="Timeout (seconds)" name="timeout" type="number" min={0.1} max={300} value={v.timeoutSec} error={e.timeoutSec}
              hint={`Empty uses the default: ${p.defaultTimeoutSec} s.`} />
            <Field label="Throttle (requests per second)" name="throttle_rate" type="number" min={1} max={65535} value={v.throttleRate}
              error={e.throttleRate} hint="Empty means no limit." />
            <Field label="Custom headers" name="headers" rows={4} value={v.headers} error={e.headers}
              hint="One per line, Name: value. Sent with every request to this endpoint." />
          </div>
        </Card>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">{editing ? "Save endpoint" : "Create endpoint"}</button>
          <a class="btn btn-ghost" href={editing ? `${appBase}/endpoints/${encodeURIComponent(p.endpoint!.id)}` : appBase}>Cancel</a>
        </div>
      </form>
    </BaseLayout>
  );
}
