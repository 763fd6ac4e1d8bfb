import { Badge, type Tone } from "../components/badge.tsx";
import { EmptyState } from "../components/empty-state.tsx";
import { RelativeTime } from "../components/time.tsx";

/** An operational alert (endpoint disabled or failing, retries exhausted, a source rejecting). */
export interface AlertItem {
  id: string;
  type: string;
  summary: string;
  at: number;
  /** Where to look: the endpoint, message or source it is about. */
  href?: string;
}

const TONE: Record<string, Tone> = {
  "endpoint.disabled": "danger", "endpoint.failing": "warning", "message.attempt.exhausted": "danger",
  "message.attempt.recovered": "success", "source.rejecting": "rose",
};

export function AlertsList({ alerts, now, ackAction, csrfToken }: { alerts: AlertItem[]; now?: number; ackAction?: string; csrfToken?: string }) {
  if (!alerts.length) {
    return <EmptyState compact icon="check" title="No open alerts" description="Disabled endpoints, exhausted retries and rejecting sources are reported here." />;
  }
  return (
    <>
      <ul class="req-list" style="max-height: none">
        {alerts.map((a) => (
          <li class="req-item" id={`alert-${a.id}`}>
            <div class="req-link" style="grid-template-columns: auto minmax(0, 1fr) auto">
              <Badge tone={TONE[a.type] ?? "neutral"} label={a.type} />
              {a.href ? <a href={a.href} class="truncate" safe>{a.summary}</a> : <span class="truncate" safe>{a.summary}</span>}
              <RelativeTime at={a.at} now={now} />
            </div>
          </li>
        ))}
      </ul>
      {ackAction && csrfToken ? (
        <form method="post" action={ackAction} class="budget-note">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <button type="submit" class="btn btn-ghost btn-sm">Mark all as seen</button>
        </form>
      ) : ""}
    </>
  );
}
