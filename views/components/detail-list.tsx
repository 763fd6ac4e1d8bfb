import type { Children } from "@kitajs/html";

/**
 * Label/value grid for detail pages (message ID, event type, created, status…).
 * Give each item `text` (escaped: ids, names, anything from users) or `node` (markup from
 * other components: a StatusBadge, a RelativeTime). `node` is emitted as is, so never
 * pass user text through it; xss-scan cannot see into props.
 */
export interface DetailItem {
  label: string;
  text?: string | number | null;
  node?: Children;
  mono?: boolean;
}

export function DetailList({ items }: { items: DetailItem[] }) {
  return (
    <dl class="details">
      {items.map(({ label, text, node, mono }) => (
        <div class="details-row">
          <dt safe>{label}</dt>
          {node !== undefined ? (
            <dd>{node as Children}</dd>
          ) : text === null || text === undefined || text === "" ? (
            <dd class="muted">–</dd>
          ) : (
            <dd class={mono ? "mono" : undefined} safe>{text}</dd>
          )}
        </div>
      ))}
    </dl>
  );
}
