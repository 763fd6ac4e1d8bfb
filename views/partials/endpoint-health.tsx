import { HttpStatusBadge, StatusBadge } from "../components/badge.tsx";
import { EmptyState } from "../components/empty-state.tsx";
import { RelativeTime } from "../components/time.tsx";
import { formatCount, type TimeInput } from "../lib/format.ts";

export interface FailingEndpoint {
  id: string;
  url: string;
  /** Link to the endpoint's page; the row's URL is plain text without it. */
  href?: string;
  appName?: string | null;
  /** Failed deliveries in the dashboard window. */
  failures: number;
  lastStatus?: number | null;
  /** Transport error when there was no response ("timeout", "ECONNREFUSED"). */
  lastError?: string | null;
  failingSince?: TimeInput | null;
}

export interface DisabledEndpoint {
  id: string;
  url: string;
  href?: string;
  appName?: string | null;
  reason?: string | null;
  disabledAt?: TimeInput | null;
}

export interface RecentRejection {
  id: string;
  sourceName: string;
  /** Link to the captured request in the inspector. */
  href?: string;
  reason: string;
  at: TimeInput;
  status?: "rejected" | "filtered" | "duplicate";
  method?: string;
}

/** Endpoint URL (monospace, truncated with the full URL in the title) over its app's name. */
function EndpointCell({ url, href, appName }: { url: string; href?: string; appName?: string | null }) {
  return (
    <td class="cell-endpoint">
      {href ? (
        <a class="mono truncate" href={href} title={url} safe>{url}</a>
      ) : (
        <span class="mono truncate" title={url} safe>{url}</span>
      )}
      {appName ? <span class="cell-sub" safe>{appName}</span> : ""}
    </td>
  );
}

export function FailingEndpointsTable({ rows, now }: { rows: FailingEndpoint[]; now?: number }) {
  if (!rows.length) {
    return <EmptyState compact icon="check" title="No failing endpoints" description="Every endpoint’s last delivery succeeded." />;
  }
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Endpoint</th>
            <th scope="col" class="num">Failures</th>
            <th scope="col">Last response</th>
            <th scope="col">Since</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <EndpointCell url={r.url} href={r.href} appName={r.appName} />
              <td class="num" safe>{formatCount(r.failures)}</td>
              <td>
                {r.lastError && !r.lastStatus ? (
                  <span class="badge badge-danger badge-mono" title={r.lastError} safe>{r.lastError}</span>
                ) : (
                  <HttpStatusBadge code={r.lastStatus} />
                )}
              </td>
              <td><RelativeTime at={r.failingSince} now={now} fallback="–" /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DisabledEndpointsTable({ rows, now }: { rows: DisabledEndpoint[]; now?: number }) {
  if (!rows.length) {
    return <EmptyState compact icon="check" title="No disabled endpoints" description="Endpoints disabled after repeated failures show up here." />;
  }
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Endpoint</th>
            <th scope="col">Reason</th>
            <th scope="col">Disabled</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <EndpointCell url={r.url} href={r.href} appName={r.appName} />
              <td class="cell-reason" safe>{r.reason ?? "Disabled manually"}</td>
              <td><RelativeTime at={r.disabledAt} now={now} fallback="–" /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RejectionsTable({ rows, now }: { rows: RecentRejection[]; now?: number }) {
  if (!rows.length) {
    return <EmptyState compact icon="shield" title="No rejected requests" description="Inbound requests that fail verification or filters are listed here." />;
  }
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Status</th>
            <th scope="col">Reason</th>
            <th scope="col">Received</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>
                {r.href ? <a href={r.href} safe>{r.sourceName}</a> : <span safe>{r.sourceName}</span>}
                {r.method ? <span class="cell-sub mono" safe>{r.method.toUpperCase()}</span> : ""}
              </td>
              <td><StatusBadge status={r.status ?? "rejected"} /></td>
              <td class="cell-reason" safe>{r.reason}</td>
              <td><RelativeTime at={r.at} now={now} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
