import { Card } from "../components/card.tsx";
import { EmptyState } from "../components/empty-state.tsx";
import { Field } from "../components/field.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { Pagination } from "../components/pagination.tsx";
import { RelativeTime } from "../components/time.tsx";
import { BaseLayout } from "../layouts/base.tsx";
import { CsrfField, FilterBar } from "../partials/forms.tsx";
import type { Shell } from "../partials/shell.ts";

export interface AppListItem { id: string; uid: string | null; name: string; createdAt: number; endpoints: number }

export interface ApplicationsPageProps {
  shell: Shell;
  apps: AppListItem[];
  /** The text filter as typed. */
  q: string;
  nextHref: string | null;
  firstHref: string | null;
  /** Re-rendered create form after a validation error. */
  form?: { name?: string; uid?: string; errors?: { name?: string; uid?: string } };
}

export function CreateApplicationForm({ csrfToken, form }: { csrfToken: string; form?: ApplicationsPageProps["form"] }) {
  return (
    <form method="post" action="/applications" class="form" id="create-app">
      <CsrfField token={csrfToken} />
      <div class="form-grid">
        <Field label="Name" name="name" value={form?.name} required error={form?.errors?.name}
          hint="Usually your customer's name, e.g. Acme Inc." autofocus={!!form?.errors?.name} />
        <Field label="UID" name="uid" value={form?.uid} error={form?.errors?.uid} mono
          hint="Your own id for it (a-z, 0-9, - _ .); the API accepts it instead of app_…" />
      </div>
      <div class="form-actions"><button type="submit" class="btn btn-primary">Create application</button></div>
    </form>
  );
}

export function ApplicationsPage(p: ApplicationsPageProps) {
  const { shell } = p;
  return (
    <BaseLayout title="Applications" section="applications" user={shell.user} csrfToken={shell.csrfToken} version={shell.version} flash={shell.flash}>
      <PageHeader title="Applications" description="One application per customer or integration. Each has its own endpoints, messages and signing secrets." />
      <div class="stack">
        <Card title="New application" id="new-app">
          <CreateApplicationForm csrfToken={shell.csrfToken} form={p.form} />
        </Card>
        <Card title="All applications" flush>
          <FilterBar action="/applications" active={!!p.q} label="Filter applications">
            <Field label="Name, UID or id" name="q" type="search" value={p.q} placeholder="acme" />
          </FilterBar>
          {p.apps.length ? (
            <div class="table-wrap">
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">ID</th>
                    <th scope="col" class="num">Endpoints</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {p.apps.map((a) => (
                    <tr id={`app-${a.id}`}>
                      <td>
                        <a href={`/applications/${encodeURIComponent(a.id)}`} safe>{a.name}</a>
                        {a.uid ? <span class="cell-sub mono" safe>{a.uid}</span> : ""}
                      </td>
                      <td class="cell-id"><code safe>{a.id}</code></td>
                      <td class="num">{a.endpoints}</td>
                      <td><RelativeTime at={a.createdAt} now={shell.now} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : p.q ? (
            <EmptyState compact title="No application matches" description="Try part of the name, the UID or the full id." />
          ) : (
            <EmptyState title="No applications yet" icon="applications"
              description="Create one above, then add an endpoint (the URL that receives your webhooks) and send it a message." />
          )}
          {p.nextHref || p.firstHref ? <Pagination prevHref={p.firstHref} nextHref={p.nextHref} /> : ""}
        </Card>
      </div>
    </BaseLayout>
  );
}
