import { Badge, StatusBadge } from "../components/badge.tsx";
import { Card } from "../components/card.tsx";
import { CopyField } from "../components/copy-button.tsx";
import { DetailList } from "../components/detail-list.tsx";
import { EmptyState } from "../components/empty-state.tsx";
import { Field } from "../components/field.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { Pagination } from "../components/pagination.tsx";
import { BaseLayout } from "../layouts/base.tsx";
import { ActionButton, CsrfField, LiveIndicator } from "../partials/forms.tsx";
import { NoRequestYet, RequestDetail, RequestRow, type RequestDetailView, type RequestItem } from "../partials/inspector.tsx";
import { isAdmin, type Shell } from "../partials/shell.ts";

export interface SourceEndpointItem { id: string; url: string; description: string; disabled: boolean; hasFilter: boolean }

export interface SourcePageProps {
  shell: Shell;
  source: { id: string; name: string; type: string; uid: string | null; createdAt: number };
  ingestUrl: string;
  streamUrl: string;
  requests: RequestItem[];
  selected: RequestDetailView | null;
  nextHref: string | null;
  firstHref: string | null;
  /** SSE URL; only on the newest page. */
  liveHref: string | null;
  endpoints: SourceEndpointItem[];
  endpointForm?: { url?: string; error?: string };
  /** The request list's status filter ("" = all); live updates pause while it is set. */
  status: string;
  settings?: { name?: string; errors?: { name?: string; secret?: string; config?: string } };
  /** The source's credential headers and query parameters, described; they are never stored. */
  credentials?: string[];
}

export function SourcePage(p: SourcePageProps) {
  const { shell, source: s } = p;
  const base = `/sources/${encodeURIComponent(s.id)}`;
  return (
    <BaseLayout title={s.name} section="sources" user={shell.user} csrfToken={shell.csrfToken} version={shell.version} flash={shell.flash}>
      <PageHeader title={s.name} crumbs={[{ label: "Sources", href: "/sources" }, { label: s.name }]}
        description="Every request to the ingest URL shows up below as it arrives.">
        <Badge tone="accent" label={s.type} />
      </PageHeader>
      <div class="stack">
        <Card>
          <DetailList items={[
            { label: "Ingest URL", node: <CopyField value={p.ingestUrl} label="ingest URL" /> },
            { label: "Stream URL (smee-compatible)", node: <CopyField value={p.streamUrl} label="stream URL" mask /> },
            { label: "Source ID", text: s.id, mono: true },
          ]} />
        </Card>

        <div class="inspector" {...(p.liveHref ? { "sse-connect": p.liveHref } : {})} id="inspector">
          <Card title="Requests" flush actions={p.liveHref ? <LiveIndicator /> : p.status ? <span class="muted">Live paused while filtering</span> : undefined}>
            <form method="get" action={base} class="filters" aria-label="Filter requests" style="padding: 8px 16px">
              <select name="status" class="input" aria-label="Status" style="flex: 1" onchange="this.form.requestSubmit()">
                {[["", "All requests"], ["accepted", "Accepted"], ["rejected", "Rejected"], ["filtered", "Filtered"], ["duplicate", "Duplicate"]].map(([v, l]) => (
                  <option value={v} selected={p.status === v} safe>{l}</option>
                ))}
              </select>
              <noscript><button type="submit" class="btn btn-secondary btn-sm">Filter</button></noscript>
            </form>
            <ul class="req-list" id="request-list" {...(p.liveHref ? { "sse-swap": "request", "hx-swap": "afterbegin", "data-max-rows": "200" } : {})}>
              {p.requests.map((r) => <RequestRow sourceId={s.id} r={r} now={shell.now} current={p.selected?.id === r.id} />)}
            </ul>
            {p.requests.length ? "" : <p class="muted kv-empty" style="padding: 12px 16px" data-live-empty="">Nothing yet. New requests appear here at once.</p>}
            {p.nextHref || p.firstHref ? <Pagination prevHref={p.firstHref} nextHref={p.nextHref} /> : ""}
          </Card>
          <div id="request-detail">
            {p.selected ? (
              <RequestDetail r={p.selected} sourceId={s.id} sourceType={s.type} ingestUrl={p.ingestUrl} csrfToken={shell.csrfToken} now={shell.now} credentials={p.credentials} />
            ) : <Card><NoRequestYet ingestUrl={p.ingestUrl} sourceType={s.type} /></Card>}
          </div>
          {/* Forwarding updates for requests that are not open land here and are dropped. */}
          <div hidden sse-swap="forward" hx-swap="innerHTML" />
        </div>

        <div class="grid-2">
          <Card title="Forwarding endpoints" description="Accepted requests are forwarded to each enabled endpoint, with retries" flush>
            {p.endpoints.length ? (
              <div class="table-wrap">
                <table class="table">
                  <thead><tr><th scope="col">URL</th><th scope="col">State</th><th scope="col" class="cell-actions">Actions</th></tr></thead>
                  <tbody>
                    {p.endpoints.map((e) => (
                      <tr id={`source-endpoint-${e.id}`}>
                        <td class="cell-endpoint">
                          <span class="mono truncate" title={e.url} safe>{e.url}</span>
                          {e.hasFilter ? <span class="cell-sub">filtered</span> : ""}
                        </td>
                        <td><StatusBadge status={e.disabled ? "disabled" : "enabled"} /></td>
                        <td class="cell-actions">
                          <ActionButton action={`${base}/endpoints/${encodeURIComponent(e.id)}/${e.disabled ? "enable" : "disable"}`} csrfToken={shell.csrfToken}
                            label={e.disabled ? "Enable" : "Disable"} small />
                          <ActionButton action={`${base}/endpoints/${encodeURIComponent(e.id)}/delete`} csrfToken={shell.csrfToken}
                            label="Remove" small variant="danger-ghost" confirm="Stop forwarding to this endpoint?" />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : <EmptyState compact icon="external" title="Not forwarding anywhere" description="Requests are captured and shown here; add an endpoint to forward them." />}
            <form method="post" action={`${base}/endpoints`} class="filters" id="add-forward">
              <CsrfField token={shell.csrfToken} />
              <Field label="Forward to URL" name="url" type="url" required mono value={p.endpointForm?.url} error={p.endpointForm?.error}
                placeholder="http://localhost:3000/webhooks" id="f-forward-url" />
              <div class="filters-actions"><button type="submit" class="btn btn-secondary">Add endpoint</button></div>
            </form>
          </Card>
          <Card title="Settings">
            <form method="post" action={base} class="form" id="source-settings">
              <CsrfField token={shell.csrfToken} />
              <Field label="Name" name="name" required value={p.settings?.name ?? s.name} error={p.settings?.errors?.name} id="f-source-name" />
              <Field label="New signing secret" name="secret" type="password" autocomplete="off" mono error={p.settings?.errors?.secret}
                hint="Leave empty to keep the current one." id="f-source-secret" />
              <div class="form-actions"><button type="submit" class="btn btn-secondary">Save</button></div>
            </form>
            {isAdmin(shell) ? (
              <div class="actions" style="margin-top: 16px">
                <ActionButton action={`${base}/delete`} csrfToken={shell.csrfToken} label="Delete source" variant="danger-ghost"
                  confirm="Delete this source and every request it captured?" />
              </div>
            ) : ""}
          </Card>
        </div>
      </div>
    </BaseLayout>
  );
}
