import { Badge, StatusBadge } from "../components/badge.tsx";
import { Card } from "../components/card.tsx";
import { CopyField } from "../components/copy-button.tsx";
import { EmptyState } from "../components/empty-state.tsx";
import { Field, SelectField } from "../components/field.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { Pagination } from "../components/pagination.tsx";
import { RelativeTime } from "../components/time.tsx";
import { BaseLayout } from "../layouts/base.tsx";
import { CsrfField, FilterBar } from "../partials/forms.tsx";
import type { Shell } from "../partials/shell.ts";

export interface SourceListItem {
  id: string;
  name: string;
  type: string;
  ingestUrl: string;
  lastAt: number | null;
  lastStatus: string | null;
  endpoints: number;
}

export interface SourceFormValues { name: string; type: string; secret: string; config: string; forwardUrl: string }
export type SourceFormErrors = Partial<Record<keyof SourceFormValues | "form", string>>;

export interface SourcesPageProps {
  shell: Shell;
  /** The name filter as typed. */
  q: string;
  sources: SourceListItem[];
  nextHref: string | null;
  firstHref: string | null;
  types: string[];
  form?: SourceFormValues;
  errors?: SourceFormErrors;
}

export function SourcesPage(p: SourcesPageProps) {
  const { shell } = p;
  const v = p.form;
  const e = p.errors ?? {};
  return (
    <BaseLayout title="Sources" section="sources" user={shell.user} csrfToken={shell.csrfToken} version={shell.version} flash={shell.flash}>
      <PageHeader title="Sources" description="Receive webhooks from providers (Stripe, GitHub, Shopify…): verify them, inspect them live and forward them." />
      <div class="stack">
        <Card title="Sources" flush>
          <FilterBar action="/sources" active={!!p.q} label="Filter sources">
            <Field label="Name, UID or id" name="q" type="search" value={p.q} placeholder="stripe" id="f-source-q" />
          </FilterBar>
          {p.sources.length ? (
            <div class="table-wrap">
              <table class="table">
                <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Ingest URL</th><th scope="col">Last request</th><th scope="col" class="num">Forwards to</th></tr></thead>
                <tbody>
                  {p.sources.map((s) => (
                    <tr id={`source-${s.id}`}>
                      <td><a href={`/sources/${encodeURIComponent(s.id)}`} safe>{s.name}</a></td>
                      <td><Badge tone="accent" label={s.type} /></td>
                      <td class="cell-endpoint"><CopyField value={s.ingestUrl} label="ingest URL" /></td>
                      <td>
                        {s.lastAt === null ? <span class="muted">never</span> : <><RelativeTime at={s.lastAt} now={shell.now} /> {s.lastStatus ? <StatusBadge status={s.lastStatus} /> : ""}</>}
                      </td>
                      <td class="num" safe>{`${s.endpoints} endpoint${s.endpoints === 1 ? "" : "s"}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : p.q ? (
            <EmptyState compact title="No source matches" description="Try part of the name, the UID or the full id." />
          ) : (
            <EmptyState compact icon="sources" title="No sources yet"
              description="Create one below: you get an ingest URL to give your provider and a live inspector of everything it sends." />
          )}
          {p.nextHref || p.firstHref ? <Pagination prevHref={p.firstHref} nextHref={p.nextHref} /> : ""}
        </Card>
        <Card title="New source" id="new-source">
          <form method="post" action="/sources" class="form" id="create-source">
            <CsrfField token={shell.csrfToken} />
            {e.form ? <div class="alert alert-danger" role="alert"><p safe>{e.form}</p></div> : ""}
            <div class="form-grid">
              <Field label="Name" name="name" required value={v?.name} error={e.name} placeholder="Stripe production" />
              <SelectField label="Provider type" name="type" required value={v?.type ?? "generic-webhook"} error={e.type}
                options={p.types.map((t) => ({ value: t, label: t }))}
                hint="How incoming requests are verified. generic-webhook accepts everything (the secret URL is the only gate)." />
              <Field label="Signing secret" name="secret" type="password" value={v?.secret} error={e.secret} autocomplete="off" mono
                hint="The provider's webhook secret (e.g. whsec_… for Stripe). Stored encrypted, never shown again." />
              <Field label="Forward to" name="forward_url" type="url" value={v?.forwardUrl} error={e.forwardUrl} mono
                placeholder="http://localhost:3000/webhooks" hint="Optional: an endpoint that gets every accepted request. You can add more later." />
              <Field label="Other config (JSON)" name="config" rows={3} value={v?.config} error={e.config} id="f-source-config"
                hint='For types with more fields, e.g. {"username": "u", "password": "p"} for basic-auth or {"header": "X-Sig", ...} for hmac.' />
            </div>
            <div class="form-actions"><button type="submit" class="btn btn-primary">Create source</button></div>
          </form>
        </Card>
      </div>
    </BaseLayout>
  );
}
