import { Badge, HttpStatusBadge, StatusBadge } from "../components/badge.tsx";
import { JsonBlock } from "../components/json-block.tsx";
import { KeyValueTable } from "../components/key-value-table.tsx";
import { AbsoluteTime, Duration, RelativeTime } from "../components/time.tsx";
import { formatDuration } from "../lib/format.ts";
import { ActionButton } from "./forms.tsx";

/** One HTTP attempt as the message and endpoint pages show it. Headers arrive redacted from the engine. */
export interface AttemptView {
  id: string;
  attemptNumber: number;
  /** 0 scheduled, 1 manual (resend, recover). */
  triggerType: number;
  url: string;
  requestHeaders: Record<string, string>;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  durationMs: number;
  errorClass: string | null;
  error: string | null;
  success: boolean;
  createdAt: number;
}

/** One (message, endpoint) pair: its state and where it goes. */
export interface DeliveryView {
  endpointId: string;
  endpointUrl: string;
  endpointHref?: string;
  status: string;
  attemptCount: number;
  nextAttemptAt: number | null;
}

/** Response code, or the transport error when nothing answered ("timeout", "connection refused"). */
export function AttemptResult({ a }: { a: Pick<AttemptView, "responseStatus" | "errorClass" | "error"> }) {
  if (a.responseStatus) return <HttpStatusBadge code={a.responseStatus} />;
  const label = a.errorClass ?? "error";
  return <span class="badge badge-danger badge-mono" title={a.error ?? label} safe>{label}</span>;
}

export function TriggerBadge({ trigger }: { trigger: number }) {
  return trigger === 1 ? <Badge tone="accent" label="Manual" /> : <Badge tone="neutral" label="Scheduled" />;
}

/** An attempt as an expandable row: the summary line, then request/response detail on open. */
export function AttemptDetails({ a, now, open }: { a: AttemptView; now: number; open?: boolean }) {
  return (
    <details class="attempt" id={`attempt-${a.id}`} open={open}>
      <summary>
        <span class="mono muted" safe>{`#${a.attemptNumber}`}</span>
        <StatusBadge status={a.success ? "succeeded" : "failed"} />
        <AttemptResult a={a} />
        <Duration ms={a.durationMs} />
        <TriggerBadge trigger={a.triggerType} />
        <RelativeTime at={a.createdAt} now={now} />
        {a.error && !a.success ? <span class="attempt-error truncate" safe>{a.error}</span> : ""}
      </summary>
      <div class="attempt-body">
        <p class="muted">
          <AbsoluteTime at={a.createdAt} /> · <span class="mono" safe>{a.url}</span>
        </p>
        {a.error ? (
          <div class="alert alert-danger" role="note"><p safe>{`${a.errorClass ?? "error"}: ${a.error}`}</p></div>
        ) : ""}
        <KeyValueTable rows={a.requestHeaders} caption="Request headers" empty="No request headers recorded" />
        <KeyValueTable rows={a.responseHeaders ?? {}} caption="Response headers" empty="No response headers (no response)" />
        <JsonBlock text={a.responseBody} label="Response body" missing={a.responseStatus ? "Empty response body" : "No response"} id={`body-${a.id}`} />
      </div>
    </details>
  );
}

/**
 * The per-endpoint block of a message page: state, a resend button and every attempt. Its id is the
 * endpoint's, so a live update or a resend answer replaces it in place.
 */
export function DeliveryCard(props: {
  messageId: string;
  d: DeliveryView;
  attempts: AttemptView[];
  csrfToken: string;
  now: number;
}) {
  const { d, now } = props;
  const waiting = d.nextAttemptAt !== null && (d.status === "pending" || d.status === "retrying");
  const safeNext = !waiting ? "" : d.nextAttemptAt! <= now ? "now" : `in ${formatDuration(d.nextAttemptAt! - now)}`;
  return (
    <section class="card" id={`delivery-${d.endpointId}`} aria-label={`Delivery to ${d.endpointUrl}`}>
      <header class="card-head">
        <div class="delivery-head">
          <StatusBadge status={d.status} />
          {d.endpointHref ? (
            <a class="mono" href={d.endpointHref} safe>{d.endpointUrl}</a>
          ) : (
            <span class="mono" safe>{d.endpointUrl}</span>
          )}
          <span class="muted" safe>{`${d.attemptCount} attempt${d.attemptCount === 1 ? "" : "s"}`}</span>
          {safeNext ? <span class="muted">next try {safeNext}</span> : ""}
        </div>
        <div class="card-actions">
          {d.status === "sending" ? "" : (
            <ActionButton action={`/messages/${encodeURIComponent(props.messageId)}/resend`} csrfToken={props.csrfToken}
              label="Resend" small fields={{ endpoint_id: d.endpointId }} hxTarget={`#delivery-${d.endpointId}`} />
          )}
        </div>
      </header>
      <div class="card-body-flush">
        {props.attempts.length ? (
          <div class="attempt-list">
            {props.attempts.map((a, i) => <AttemptDetails a={a} now={now} open={i === 0 && !a.success} />)}
          </div>
        ) : (
          <p class="muted kv-empty" style="padding: 12px 20px">No attempt yet: it is queued.</p>
        )}
      </div>
    </section>
  );
}

/** A compact attempt for tables (endpoint page): links to the message, where the full detail is. */
export interface AttemptRowView {
  id: string;
  messageId: string;
  eventType?: string | null;
  attemptNumber: number;
  triggerType: number;
  responseStatus: number | null;
  durationMs: number;
  errorClass: string | null;
  error: string | null;
  success: boolean;
  createdAt: number;
}

export function AttemptRow({ a, now }: { a: AttemptRowView; now: number }) {
  return (
    <tr id={`attempt-${a.id}`} class="attempt-row">
      <td><StatusBadge status={a.success ? "succeeded" : "failed"} /></td>
      <td><AttemptResult a={a} /></td>
      <td class="cell-id">
        <a href={`/messages/${encodeURIComponent(a.messageId)}`} safe>{a.messageId}</a>
        {a.eventType ? <span class="cell-sub" safe>{a.eventType}</span> : ""}
      </td>
      <td class="num"><Duration ms={a.durationMs} /></td>
      <td><TriggerBadge trigger={a.triggerType} /></td>
      <td><RelativeTime at={a.createdAt} now={now} /></td>
    </tr>
  );
}

export function AttemptTableHead() {
  return (
    <thead>
      <tr>
        <th scope="col">Result</th>
        <th scope="col">Response</th>
        <th scope="col">Message</th>
        <th scope="col" class="num">Duration</th>
        <th scope="col">Trigger</th>
        <th scope="col">When</th>
      </tr>
    </thead>
  );
}
