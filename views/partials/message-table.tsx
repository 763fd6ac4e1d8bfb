import { StatusBadge } from "../components/badge.tsx";
import { RelativeTime } from "../components/time.tsx";

/** A message in a list: in delivery mode (status/endpoint filter) it is one (message, endpoint) pair. */
export interface MessageListItem {
  id: string;
  appId: string;
  appName: string | null;
  eventType: string;
  eventId: string | null;
  createdAt: number;
  /** pending | sending | success | failed | none (no endpoint wanted it). */
  status: string;
  endpointUrl?: string;
  /** How many endpoints the message went to (message mode). */
  endpointCount?: number;
  key: string;
}

export function MessageTable({ rows, now, showApp = true }: { rows: MessageListItem[]; now: number; showApp?: boolean }) {
  const deliveryMode = rows.some((r) => r.endpointUrl !== undefined);
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Event type</th>
            <th scope="col">Message</th>
            {showApp ? <th scope="col">Application</th> : ""}
            <th scope="col">{deliveryMode ? "Endpoint" : "Endpoints"}</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr id={`msg-${m.key}`}>
              <td>{m.status === "none" ? <span class="badge badge-neutral">No endpoint</span> : <StatusBadge status={m.status} />}</td>
              <td class="mono" safe>{m.eventType}</td>
              <td class="cell-id">
                <a href={`/messages/${encodeURIComponent(m.id)}`} safe>{m.id}</a>
                {m.eventId ? <span class="cell-sub mono" safe>{m.eventId}</span> : ""}
              </td>
              {showApp ? (
                <td><a href={`/applications/${encodeURIComponent(m.appId)}`} safe>{m.appName ?? m.appId}</a></td>
              ) : ""}
              {m.endpointUrl !== undefined ? (
                <td class="cell-endpoint"><span class="mono truncate" title={m.endpointUrl} safe>{m.endpointUrl}</span></td>
              ) : (
                <td class="num">{m.endpointCount ?? 0}</td>
              )}
              <td><RelativeTime at={m.createdAt} now={now} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
