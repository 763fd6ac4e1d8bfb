// The application page's polling endpoints: the list, a short form to add one, and the consumer
// key right after it was made or replaced (shown in that answer only).
import { Badge } from "../components/badge.tsx";
import { Card } from "../components/card.tsx";
import { CopyButton, CopyField } from "../components/copy-button.tsx";
import { EmptyState } from "../components/empty-state.tsx";
import { Field } from "../components/field.tsx";
import { RelativeTime } from "../components/time.tsx";
import { ActionButton, CsrfField } from "./forms.tsx";
import { isAdmin, type Shell } from "./shell.ts";

export interface PollerItem {
  id: string;
  uid: string | null;
  description: string;
  filterTypes: string[] | null;
  channels: string[] | null;
  keyPrefix: string;
  url: string;
  /** Reads are refused until it is enabled again (API: PATCH …/polling-endpoint/{id}). */
  disabled: boolean;
  createdAt: number;
}

export interface PollerFormState {
  uid?: string;
  eventTypes?: string;
  channels?: string;
  errors?: { uid?: string; eventTypes?: string; channels?: string };
}

/** A key just made: by creating the polling endpoint, or by replacing its key. */
export interface PollerKeyShown { label: string; url: string; key: string }

function KeyOnce({ shown }: { shown: PollerKeyShown }) {
  return (
    <div class="once-box" role="status" id="new-poller-key">
      <strong safe>{`Consumer key for ${shown.label}. Copy it now: it is shown only once.`}</strong>
      <CopyField value={shown.key} label="consumer key" />
      <span class="muted">The consumer polls this URL with the key as <code>Authorization: Bearer …</code>, or with the svix SDK's <code>message.poller</code>:</span>
      <CopyField value={shown.url} label="poll URL" />
    </div>
  );
}

const List = ({ items }: { items: string[] | null }) =>
  items?.length ? <span class="chip-list">{items.map((t) => <Badge tone="neutral" label={t} />)}</span> : <span class="muted">All</span>;

export function PollingEndpointsCard(p: { shell: Shell; base: string; pollers: PollerItem[]; form?: PollerFormState; shown?: PollerKeyShown }) {
  const { shell, base } = p;
  const e = p.form?.errors ?? {};
  return (
    <Card title="Polling endpoints" id="polling-endpoints" flush
      description="For consumers that read this application's messages by polling instead of receiving webhooks">
      {p.shown ? <div class="card-body"><KeyOnce shown={p.shown} /></div> : ""}
      {p.pollers.length ? (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr><th scope="col">Polling endpoint</th><th scope="col">Event types</th><th scope="col">Channels</th><th scope="col">Key</th><th scope="col">Created</th><th scope="col" class="cell-actions">Actions</th></tr>
            </thead>
            <tbody>
              {p.pollers.map((x) => (
                <tr id={`poller-${x.id}`}>
                  <td class="cell-endpoint">
                    <span class="copy-field">
                      <span class="mono truncate" title={x.url} safe>{x.uid ?? x.id}</span>
                      <CopyButton text={x.url} label="poll URL" compact />
                      {x.disabled ? <Badge tone="neutral" label="Disabled" /> : ""}
                    </span>
                    {x.uid ? <span class="cell-sub mono truncate" safe>{x.id}</span> : ""}
                  </td>
                  <td><List items={x.filterTypes} /></td>
                  <td><List items={x.channels} /></td>
                  <td><code safe>{`${x.keyPrefix}…`}</code></td>
                  <td><RelativeTime at={x.createdAt} now={shell.now} /></td>
                  <td class="cell-actions">
                    {isAdmin(shell) ? (
                      <ActionButton action={`${base}/polling-endpoints/${encodeURIComponent(x.id)}/rotate-key`} csrfToken={shell.csrfToken} small
                        label="New key" variant="ghost" confirm="Replace the consumer key? The current key stops working at once." />
                    ) : ""}
                    <ActionButton action={`${base}/polling-endpoints/${encodeURIComponent(x.id)}/delete`} csrfToken={shell.csrfToken} small
                      label="Delete" variant="danger-ghost" confirm="Delete this polling endpoint? Its consumers can no longer read." />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <EmptyState compact icon="messages" title="No polling endpoints"
          description="Add one, then give its URL and consumer key to whoever reads the messages." />
      )}
      <div class="card-body">
        <form method="post" action={`${base}/polling-endpoints`} class="form" id="create-poller">
          <CsrfField token={shell.csrfToken} />
          <div class="form-grid">
            <Field label="UID" name="uid" id="f-poller-uid" value={p.form?.uid} error={e.uid} mono placeholder="nightly-export" />
            <Field label="Event types" name="event_types" id="f-poller-types" value={p.form?.eventTypes} error={e.eventTypes} mono
              hint="Comma-separated; empty for all." />
            <Field label="Channels" name="channels" id="f-poller-channels" value={p.form?.channels} error={e.channels} mono
              hint="Comma-separated; empty for any." />
          </div>
          <div class="form-actions"><button type="submit" class="btn btn-secondary">Add polling endpoint</button></div>
        </form>
      </div>
    </Card>
  );
}
