import { Badge, MethodBadge, StatusBadge } from "../components/badge.tsx";
import { Card } from "../components/card.tsx";
import { CodeSnippet } from "../components/code-snippet.tsx";
import { EmptyState } from "../components/empty-state.tsx";
import { JsonBlock } from "../components/json-block.tsx";
import { KeyValueTable } from "../components/key-value-table.tsx";
import { AbsoluteTime, RelativeTime } from "../components/time.tsx";
import { bodyKind, formPairs, prettyXml } from "../lib/body-format.ts";
import { curlCommand } from "../lib/curl.ts";
import { formatBytes } from "../lib/format.ts";
import { AttemptDetails, type AttemptView } from "./attempts.tsx";
import { ActionButton } from "./forms.tsx";

/** A captured request in the inspector list. */
export interface RequestItem {
  id: string;
  method: string;
  path: string;
  query: string;
  status: string;
  reason: string | null;
  bodySize: number;
  createdAt: number;
  /** Overall forwarding state (pending/sending/success/failed), or "none" when nothing was forwarded. */
  forward: string;
}

/** One endpoint a request was forwarded to, with its attempts newest first (as on the message page). */
export interface ForwardView { endpointId: string; url: string; status: string; attemptCount: number; attempts: AttemptView[] }

export interface RequestDetailView extends RequestItem {
  headers: Array<[string, string]>;
  ip: string | null;
  contentType: string;
  /** UTF-8 text, or null when the body is not valid UTF-8 (then `base64` holds it). */
  bodyText: string | null;
  base64: string | null;
  forwards: ForwardView[];
}

const FORWARD_LABEL: Record<string, string> = { success: "Forwarded", failed: "Forward failed", pending: "Forwarding", sending: "Forwarding" };

export const requestHref = (sourceId: string, requestId: string) => `/sources/${encodeURIComponent(sourceId)}?request=${encodeURIComponent(requestId)}`;

/** One row of the live list. Its id is the request's, so live updates replace it in place. */
export function RequestRow({ sourceId, r, now, current }: { sourceId: string; r: RequestItem; now: number; current?: boolean }) {
  const href = requestHref(sourceId, r.id);
  const target = `/sources/${encodeURIComponent(sourceId)}/requests/${encodeURIComponent(r.id)}`;
  return (
    <li class="req-item" id={`req-${r.id}`}>
      <a class="req-link" href={href} hx-get={target} hx-target="#request-detail" hx-swap="innerHTML" hx-push-url={href}
        aria-current={current ? "true" : undefined} data-request-id={r.id}>
        <MethodBadge method={r.method} />
        <span class="req-path" title={r.path + (r.query ? `?${r.query}` : "")} safe>{r.path + (r.query ? `?${r.query}` : "")}</span>
        <StatusBadge status={r.status} title={r.reason ?? undefined} />
        <span class="req-meta">
          <RelativeTime at={r.createdAt} now={now} />
          <span safe>{formatBytes(r.bodySize)}</span>
          {r.forward !== "none" ? <span safe>{FORWARD_LABEL[r.forward] ?? r.forward}</span> : ""}
        </span>
      </a>
    </li>
  );
}

function Body({ r }: { r: RequestDetailView }) {
  if (r.bodyText === null) {
    return (
      <figure class="code-block">
        <figcaption class="code-block-head"><span class="code-block-label">Body</span><span class="code-block-meta"><span class="badge badge-neutral badge-mono">Binary</span></span></figcaption>
        <p class="muted code-block-note" safe>{`${formatBytes(r.bodySize)} of binary data, shown as base64:`}</p>
        <pre class="code" safe>{r.base64 ?? ""}</pre>
      </figure>
    );
  }
  const kind = bodyKind(r.contentType, r.bodyText);
  if (kind === "xml") {
    return (
      <>
        <CodeSnippet code={prettyXml(r.bodyText)} label="Body (XML, indented)" id={`xml-${r.id}`} />
        <details class="code-raw"><summary>Raw</summary><pre class="code" safe>{r.bodyText}</pre></details>
      </>
    );
  }
  if (kind === "form") {
    return (
      <>
        <KeyValueTable rows={formPairs(r.bodyText)} caption="Body (form fields)" copyable />
        <JsonBlock text={r.bodyText} label="Raw body" id={`raw-${r.id}`} />
      </>
    );
  }
  return <JsonBlock text={r.bodyText} label="Body" id={`body-${r.id}`} />;
}

/**
 * Where the request was forwarded and how each endpoint answered: per endpoint, every attempt expands to
 * its request headers, response status, headers and body, and error. Replaced live as attempts land.
 */
export function ForwardSection({ r, sourceId, csrfToken, now }: { r: Pick<RequestDetailView, "id" | "status" | "forwards">; sourceId: string; csrfToken: string; now: number }) {
  return (
    <section id={`forward-${r.id}`} class="stack" aria-label="Forwarding">
      <div class="delivery-head">
        <h2>Forwarding</h2>
        {r.status !== "rejected" ? (
          <ActionButton action={`/sources/${encodeURIComponent(sourceId)}/requests/${encodeURIComponent(r.id)}/replay`} csrfToken={csrfToken}
            label="Replay" small hxTarget={`#forward-${r.id}`} />
        ) : ""}
      </div>
      {r.forwards.length ? r.forwards.map((f) => (
        <section class="card" aria-label={`Forwarded to ${f.url}`} data-endpoint-id={f.endpointId}>
          <header class="card-head">
            <div class="delivery-head">
              <StatusBadge status={f.status} />
              <span class="mono truncate" title={f.url} safe>{f.url}</span>
              <span class="muted" safe>{`${f.attemptCount} attempt${f.attemptCount === 1 ? "" : "s"}`}</span>
            </div>
          </header>
          <div class="card-body-flush">
            {f.attempts.length ? (
              <div class="attempt-list">
                {f.attempts.map((a, i) => <AttemptDetails a={a} now={now} open={i === 0 && !a.success} />)}
              </div>
            ) : <p class="muted kv-empty" style="padding: 12px 20px">No attempt yet: it is queued.</p>}
          </div>
        </section>
      )) : (
        <p class="muted">{r.status === "rejected" ? "Rejected requests are never forwarded." : r.status === "filtered"
          ? "No endpoint's filter matched, so it was not forwarded." : "Not forwarded: the source has no enabled endpoint. Add one below, then Replay."}</p>
      )}
    </section>
  );
}

/** What a passed check proved: most types verify a signature; some check a credential the sender holds. */
const VERIFIED_LABEL: Record<string, string> = {
  "basic-auth": "Username and password verified",
  "api-key": "API key verified",
  openclaw: "Token verified",
  vapi: "Credentials verified",
};

export function verifiedLabel(sourceType: string): string {
  return VERIFIED_LABEL[sourceType] ?? "Signature verified";
}

export function RequestDetail({ r, sourceId, sourceType, ingestUrl, csrfToken, now, credentials = [] }: {
  r: RequestDetailView; sourceId: string; sourceType: string; ingestUrl: string; csrfToken: string; now: number;
  /** The source's credential headers and query parameters, described ("the Authorization header"): never stored. */
  credentials?: string[];
}) {
  const url = ingestUrl + (r.path === "/" ? "" : r.path) + (r.query ? `?${r.query}` : "");
  const verified = r.status === "rejected"
    ? <StatusBadge status="rejected" />
    : sourceType === "generic-webhook" ? <Badge tone="neutral" label="No signature check (generic webhook)" /> : <Badge tone="success" label={verifiedLabel(sourceType)} />;
  const dropped = credentials.length
    ? `${credentials.join(" and ")} ${credentials.length === 1 ? "was" : "were"} checked, then dropped: hookrelay never stores, shows or forwards the source's credentials. Add ${credentials.length === 1 ? "it" : "them"} to the curl command to resend it here.`
    : null;
  return (
    <div class="stack" data-request-id={r.id}>
      <Card>
        <div class="delivery-head" style="margin-bottom: 12px">
          <MethodBadge method={r.method} />
          <span class="mono" safe>{r.path + (r.query ? `?${r.query}` : "")}</span>
          <StatusBadge status={r.status} />
        </div>
        <dl class="details">
          <div class="details-row"><dt>Received</dt><dd><AbsoluteTime at={r.createdAt} /> (<RelativeTime at={r.createdAt} now={now} />)</dd></div>
          <div class="details-row"><dt>From</dt><dd class="mono" safe>{r.ip ?? "unknown"}</dd></div>
          <div class="details-row"><dt>Verification</dt><dd>{verified}</dd></div>
          <div class="details-row"><dt>Size</dt><dd safe>{formatBytes(r.bodySize)}</dd></div>
          <div class="details-row"><dt>Request ID</dt><dd class="mono" safe>{r.id}</dd></div>
        </dl>
        {r.reason ? <div class="alert alert-danger" role="note" style="margin-top: 12px"><p safe>{r.reason}</p></div> : ""}
      </Card>
      {r.query ? <KeyValueTable rows={[...new URLSearchParams(r.query)]} caption="Query" /> : ""}
      <KeyValueTable rows={r.headers} caption="Headers" copyable />
      {dropped ? <p class="muted" data-credentials-note="" safe>{dropped}</p> : ""}
      <Body r={r} />
      <CodeSnippet code={curlCommand({ method: r.method, url, headers: r.headers, body: r.bodyText, binary: r.bodyText === null })} label="Copy as curl" id={`curl-${r.id}`} />
      <ForwardSection r={r} sourceId={sourceId} csrfToken={csrfToken} now={now} />
    </div>
  );
}

/** Why the "Try it" curl is refused by a source that checks something, or null when it is accepted. */
export function unsignedNote(sourceType: string): string | null {
  if (sourceType === "generic-webhook") return null;
  const what = sourceType === "basic-auth" ? "a username and password" : sourceType === "api-key" ? "an API key" : `${sourceType} signatures`;
  return `Unsigned: this source verifies ${what}, so this request will be rejected (401). It still shows up here, as Rejected with the reason; requests from the provider itself are accepted.`;
}

/**
 * The pane before any request exists. `data-await-first` tells app.js to open the first request that
 * arrives live in its place, so the pane never goes on waiting next to a filled list.
 */
export function NoRequestYet({ ingestUrl, sourceType }: { ingestUrl: string; sourceType: string }) {
  const note = unsignedNote(sourceType);
  return (
    <div data-await-first="#request-detail">
      <EmptyState title="Waiting for the first request" icon="inbox"
        description="Point your provider at the ingest URL, or send one yourself. It appears here the moment it arrives.">
        <CodeSnippet code={`curl -X POST '${ingestUrl}' \\\n  -H 'content-type: application/json' \\\n  -d '{"hello": "world"}'`} label="Try it" id="try-curl" />
        {note ? <p class="empty-state-text" data-unsigned-note="" safe>{note}</p> : ""}
      </EmptyState>
    </div>
  );
}

