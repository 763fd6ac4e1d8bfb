import { Badge } from "../components/badge.tsx";
import { Card } from "../components/card.tsx";
import { CopyField } from "../components/copy-button.tsx";
import { DetailList } from "../components/detail-list.tsx";
import { EmptyState } from "../components/empty-state.tsx";
import { JsonBlock } from "../components/json-block.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { AbsoluteTime } from "../components/time.tsx";
import { BaseLayout } from "../layouts/base.tsx";
import { DeliveryCard, type AttemptView, type DeliveryView } from "../partials/attempts.tsx";
import { LiveIndicator } from "../partials/forms.tsx";
import type { Shell } from "../partials/shell.ts";

export interface MessageView {
  id: string;
  appId: string;
  appName: string | null;
  eventType: string;
  eventId: string | null;
  createdAt: number;
  channels: string[] | null;
  tags: string[] | null;
  payload: string | null;
}

export interface MessagePageProps {
  shell: Shell;
  message: MessageView;
  deliveries: Array<{ d: DeliveryView; attempts: AttemptView[] }>;
  liveHref: string;
}

const chips = (list: string[] | null) => (list?.length ? <span class="chip-list">{list.map((c) => <Badge label={c} />)}</span> : undefined);

export function MessagePage(p: MessagePageProps) {
  const { shell, message: m } = p;
  const appHref = `/applications/${encodeURIComponent(m.appId)}`;
  return (
    <BaseLayout title={`Message ${m.id}`} section="messages" user={shell.user} csrfToken={shell.csrfToken} version={shell.version} flash={shell.flash}>
      <PageHeader title={m.eventType} crumbs={[{ label: "Messages", href: "/messages" }, { label: m.id }]}
        description={`Sent to ${m.appName ?? m.appId}`} />
      <div class="stack">
        <Card>
          <DetailList items={[
            { label: "Message ID", node: <CopyField value={m.id} label="message ID" /> },
            { label: "Event ID", text: m.eventId, mono: true },
            { label: "Application", node: <a href={appHref} safe>{m.appName ?? m.appId}</a> },
            { label: "Created", node: <AbsoluteTime at={m.createdAt} /> },
            { label: "Channels", node: chips(m.channels), text: null },
            { label: "Tags", node: chips(m.tags), text: null },
          ]} />
        </Card>
        <JsonBlock text={m.payload} label="Payload" missing="The payload has expired (retention) and is no longer stored." id="payload" />
        <div sse-connect={p.liveHref} id="deliveries-live" class="stack">
          <div class="page-header" style="margin: 8px 0 0">
            <h2>Deliveries</h2>
            <LiveIndicator />
          </div>
          <div id="deliveries" class="stack" sse-swap="delivery" hx-swap="beforeend">
            {p.deliveries.map(({ d, attempts }) => (
              <DeliveryCard messageId={m.id} d={d} attempts={attempts} csrfToken={shell.csrfToken} now={shell.now} />
            ))}
          </div>
          {p.deliveries.length ? "" : (
            <div data-live-empty="">
              <EmptyState compact icon="external" title="No endpoint receives this message"
                description="No enabled endpoint of the application was subscribed to this event type when it was sent. Add or fix an endpoint, then use Recover on it." />
            </div>
          )}
        </div>
      </div>
    </BaseLayout>
  );
}
