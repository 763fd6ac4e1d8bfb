import type { Children } from "@kitajs/html";
import { Badge, RoleBadge } from "../components/badge.tsx";
import { Card } from "../components/card.tsx";
import { CopyField } from "../components/copy-button.tsx";
import { EmptyState } from "../components/empty-state.tsx";
import { Field, SelectField } from "../components/field.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { Pagination } from "../components/pagination.tsx";
import { AbsoluteTime, RelativeTime } from "../components/time.tsx";
import { BaseLayout } from "../layouts/base.tsx";
import { ActionButton, CsrfField, FilterBar } from "../partials/forms.tsx";
import { isAdmin, type Shell } from "../partials/shell.ts";

type Tab = "users" | "tokens" | "audit" | "account";

function SettingsShell({ shell, tab, title, children }: { shell: Shell; tab: Tab; title: string; children?: Children }) {
  const tabs: Array<[Tab, string, string, boolean]> = [
    ["users", "Users", "/settings/users", isAdmin(shell)],
    ["tokens", "API tokens", "/settings/tokens", isAdmin(shell)],
    ["audit", "Audit log", "/settings/audit", true],
    ["account", "My account", "/settings/account", true],
  ];
  return (
    <BaseLayout title={title} section="settings" user={shell.user} csrfToken={shell.csrfToken} version={shell.version} flash={shell.flash}>
      <PageHeader title="Settings" description="People, API tokens and the record of what they did." />
      <nav class="actions" aria-label="Settings" style="margin-bottom: 20px">
        {tabs.filter((t) => t[3]).map(([id, label, href]) => (
          <a class={["btn", id === tab ? "btn-primary" : "btn-secondary"]} href={href} aria-current={id === tab ? "page" : undefined} safe>{label}</a>
        ))}
      </nav>
      {children ?? ""}
    </BaseLayout>
  );
}

export interface UserItem { id: string; email: string; role: string; createdAt: number }

export function UsersPage(p: { shell: Shell; users: UserItem[]; form?: { email?: string; role?: string; errors?: { email?: string; password?: string } }; minPassword: number }) {
  const { shell } = p;
  return (
    <SettingsShell shell={shell} tab="users" title="Users">
      <div class="grid-main-side">
        <Card title="Users" flush>
          <div class="table-wrap">
            <table class="table">
              <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Added</th><th scope="col" class="cell-actions">Actions</th></tr></thead>
              <tbody>
                {p.users.map((u) => (
                  <tr id={`user-${u.id}`}>
                    <td safe>{u.email}</td>
                    <td><RoleBadge role={u.role} /></td>
                    <td><RelativeTime at={u.createdAt} now={shell.now} /></td>
                    <td class="cell-actions">
                      {u.email === shell.user.email ? <span class="muted">you</span> : (
                        <>
                          <ActionButton action={`/settings/users/${encodeURIComponent(u.id)}/role`} csrfToken={shell.csrfToken} small
                            label={u.role === "admin" ? "Make member" : "Make admin"} fields={{ role: u.role === "admin" ? "member" : "admin" }} />
                          <ActionButton action={`/settings/users/${encodeURIComponent(u.id)}/delete`} csrfToken={shell.csrfToken} small
                            label="Remove" variant="danger-ghost" confirm={`Remove ${u.email}? Their sessions end at once.`} />
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
        <Card title="Add a user" description="Members operate (resend, recover, enable/disable); admins also manage users, tokens and secrets.">
          <form method="post" action="/settings/users" class="form" id="add-user">
            <CsrfField token={shell.csrfToken} />
            <Field label="Email" name="email" type="email" required value={p.form?.email} error={p.form?.errors?.email} autocomplete="off" />
            <Field label="Password" name="password" type="password" required minlength={p.minPassword} autocomplete="new-password"
              error={p.form?.errors?.password} hint={`At least ${p.minPassword} characters. Share it with them safely.`} />
            <SelectField label="Role" name="role" required value={p.form?.role ?? "member"}
              options={[{ value: "member", label: "Member" }, { value: "admin", label: "Admin" }]} />
            <div class="form-actions"><button type="submit" class="btn btn-primary">Add user</button></div>
          </form>
        </Card>
      </div>
    </SettingsShell>
  );
}

export interface TokenItem { id: string; name: string; prefix: string; createdAt: number; lastUsedAt: number | null; revokedAt: number | null }

export function TokensPage(p: { shell: Shell; tokens: TokenItem[]; created?: { name: string; token: string }; error?: string; name?: string }) {
  const { shell } = p;
  return (
    <SettingsShell shell={shell} tab="tokens" title="API tokens">
      <div class="stack">
        {p.created ? (
          <div class="once-box" role="status" id="new-token">
            <strong safe>{`Token “${p.created.name}” created. Copy it now: it is shown only once.`}</strong>
            <CopyField value={p.created.token} label="API token" />
            <span class="muted">Use it as <code>Authorization: Bearer …</code> with the API and the svix SDKs.</span>
          </div>
        ) : ""}
        <div class="grid-main-side">
          <Card title="API tokens" flush>
            {p.tokens.length ? (
              <div class="table-wrap">
                <table class="table">
                  <thead><tr><th scope="col">Name</th><th scope="col">Prefix</th><th scope="col">Last used</th><th scope="col">Created</th><th scope="col" class="cell-actions">Actions</th></tr></thead>
                  <tbody>
                    {p.tokens.map((t) => (
                      <tr id={`token-${t.id}`}>
                        <td safe>{t.name}</td>
                        <td><code safe>{`${t.prefix}…`}</code></td>
                        <td><RelativeTime at={t.lastUsedAt} now={shell.now} fallback="never" /></td>
                        <td><RelativeTime at={t.createdAt} now={shell.now} /></td>
                        <td class="cell-actions">
                          {t.revokedAt ? <Badge tone="neutral" label="Revoked" /> : (
                            <ActionButton action={`/settings/tokens/${encodeURIComponent(t.id)}/revoke`} csrfToken={shell.csrfToken} small
                              label="Revoke" variant="danger-ghost" confirm={`Revoke ${t.name}? Clients using it stop working at once.`} />
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : <EmptyState compact title="No API tokens" description="Create one to use the REST API or a svix SDK." />}
          </Card>
          <Card title="Create a token">
            <form method="post" action="/settings/tokens" class="form" id="create-token">
              <CsrfField token={shell.csrfToken} />
              <Field label="Name" name="name" required value={p.name} error={p.error} placeholder="billing-service" hint="Who or what uses it." />
              <div class="form-actions"><button type="submit" class="btn btn-primary">Create token</button></div>
            </form>
          </Card>
        </div>
      </div>
    </SettingsShell>
  );
}

export interface AuditItem { id: number; at: number; actor: string; action: string; target: string | null; detail: string | null }

export function AuditPage(p: { shell: Shell; entries: AuditItem[]; action: string; actor: string; nextHref: string | null; firstHref: string | null }) {
  const { shell } = p;
  return (
    <SettingsShell shell={shell} tab="audit" title="Audit log">
      <Card title="Audit log" description="Sign-ins, user and token changes, secret reveals and rotations, deletions" flush>
        <FilterBar action="/settings/audit" active={!!(p.action || p.actor)} label="Filter the audit log">
          <Field label="Action" name="action" value={p.action} mono placeholder="endpoint.secret.reveal" />
          <Field label="Actor" name="actor" value={p.actor} mono placeholder="user:admin@example.com" />
        </FilterBar>
        {p.entries.length ? (
          <div class="table-wrap">
            <table class="table">
              <thead><tr><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Detail</th></tr></thead>
              <tbody>
                {p.entries.map((a) => (
                  <tr>
                    <td><AbsoluteTime at={a.at} /></td>
                    <td class="mono" safe>{a.actor}</td>
                    <td><code safe>{a.action}</code></td>
                    <td class="mono" safe>{a.target ?? ""}</td>
                    <td class="mono cell-reason" safe>{a.detail ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : <EmptyState compact title="Nothing recorded" description={p.action || p.actor ? "No entry matches these filters." : "Administrative actions appear here."} />}
        {p.nextHref || p.firstHref ? <Pagination prevHref={p.firstHref} nextHref={p.nextHref} /> : ""}
      </Card>
    </SettingsShell>
  );
}

export function AccountPage(p: { shell: Shell; errors?: { current?: string; password?: string; confirm?: string }; minPassword: number }) {
  const { shell } = p;
  const e = p.errors ?? {};
  return (
    <SettingsShell shell={shell} tab="account" title="My account">
      <Card title="Change password" description={`Signed in as ${shell.user.email}`}>
        <form method="post" action="/settings/account/password" class="form" id="change-password" style="max-width: 420px">
          <CsrfField token={shell.csrfToken} />
          <Field label="Current password" name="current" type="password" required autocomplete="current-password" error={e.current} />
          <Field label="New password" name="password" type="password" required minlength={p.minPassword} autocomplete="new-password" error={e.password} />
          <Field label="Confirm new password" name="confirm" type="password" required autocomplete="new-password" error={e.confirm} />
          <div class="form-actions"><button type="submit" class="btn btn-primary">Change password</button></div>
        </form>
      </Card>
    </SettingsShell>
  );
}
