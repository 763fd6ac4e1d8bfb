// The application page's integrations (admins manage them): keys that open this application's API
// only. A new key is shown in the answer that made it, and never again.
import { Card } from "../components/card.tsx";
import { CopyField } from "../components/copy-button.tsx";
import { EmptyState } from "../components/empty-state.tsx";
import { Field } from "../components/field.tsx";
import { RelativeTime } from "../components/time.tsx";
import { ActionButton, CsrfField } from "./forms.tsx";
import { isAdmin, type Shell } from "./shell.ts";

export interface IntegrationItem { id: string; name: string; keyPrefix: string; createdAt: number }
export interface IntegrationKeyShown { name: string; key: string }

export function IntegrationsCard(p: { shell: Shell; base: string; items: IntegrationItem[]; shown?: IntegrationKeyShown; error?: string; name?: string }) {
  const { shell, base } = p;
  const admin = isAdmin(shell);
  return (
    <Card title="Integrations" id="integrations" flush
      description="Keys for tools that act on this application only: its endpoints, messages and attempts, never other applications">
      {p.shown ? (
        <div class="card-body">
          <div class="once-box" role="status" id="new-integration-key">
            <strong safe>{`Key for ${p.shown.name}. Copy it now: it is shown only once.`}</strong>
            <CopyField value={p.shown.key} label="integration key" />
            <span class="muted">Use it as <code>Authorization: Bearer …</code> with the API or a svix SDK, on this application's routes.</span>
          </div>
        </div>
      ) : ""}
      {p.items.length ? (
        <div class="table-wrap">
          <table class="table">
            <thead><tr><th scope="col">Name</th><th scope="col">Key</th><th scope="col">Created</th>{admin ? <th scope="col" class="cell-actions">Actions</th> : ""}</tr></thead>
            <tbody>
              {p.items.map((i) => (
                <tr id={`integration-${i.id}`}>
                  <td safe>{i.name}</td>
                  <td><code safe>{`${i.keyPrefix}…`}</code></td>
                  <td><RelativeTime at={i.createdAt} now={shell.now} /></td>
                  {admin ? (
                    <td class="cell-actions">
                      <ActionButton action={`${base}/integrations/${encodeURIComponent(i.id)}/rotate-key`} csrfToken={shell.csrfToken} small
                        label="New key" variant="ghost" confirm="Replace this integration's key? The current key stops working at once." />
                      <ActionButton action={`${base}/integrations/${encodeURIComponent(i.id)}/delete`} csrfToken={shell.csrfToken} small
                        label="Delete" variant="danger-ghost" confirm="Delete this integration? Its key stops working at once." />
                    </td>
                  ) : ""}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <EmptyState compact icon="settings" title="No integrations" description={admin ? "Add one to give a tool a key for this application alone." : "An admin can add one."} />}
      {admin ? (
        <div class="card-body">
          <form method="post" action={`${base}/integrations`} class="form" id="create-integration">
            <CsrfField token={shell.csrfToken} />
            <Field label="Name" name="name" id="f-integration-name" required value={p.name} error={p.error} placeholder="zapier" hint="Who or what uses the key." />
            <div class="form-actions"><button type="submit" class="btn btn-secondary">Add integration</button></div>
          </form>
        </div>
      ) : ""}
    </Card>
  );
}
