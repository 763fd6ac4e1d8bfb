import { Icon } from "./icon.tsx";

/**
 * Keyset pagination: the route computes the cursor links, this only renders them. A missing
 * href renders a disabled control (a span, not a dead link) so the bar keeps its shape.
 * With `hxTarget` the links swap that element via htmx and push the URL; they stay plain
 * links without JS.
 */
export function Pagination(props: {
  prevHref?: string | null;
  nextHref?: string | null;
  /** e.g. "Showing 50 messages"; escaped. */
  summary?: string;
  hxTarget?: string;
}) {
  const hx = (href: string) =>
    props.hxTarget ? { "hx-get": href, "hx-target": props.hxTarget, "hx-push-url": "true", "hx-swap": "outerHTML" } : {};
  return (
    <nav class="pagination" aria-label="Pagination">
      {props.summary ? <span class="pagination-summary muted" safe>{props.summary}</span> : <span />}
      <span class="pagination-links">
        {props.prevHref ? (
          <a class="btn btn-secondary btn-sm" href={props.prevHref} rel="prev" {...hx(props.prevHref)}>
            <Icon name="arrow-left" size={14} /> Newer
          </a>
        ) : (
          <span class="btn btn-secondary btn-sm" aria-disabled="true">
            <Icon name="arrow-left" size={14} /> Newer
          </span>
        )}
        {props.nextHref ? (
          <a class="btn btn-secondary btn-sm" href={props.nextHref} rel="next" {...hx(props.nextHref)}>
            Older <Icon name="arrow-right" size={14} />
          </a>
        ) : (
          <span class="btn btn-secondary btn-sm" aria-disabled="true">
            Older <Icon name="arrow-right" size={14} />
          </span>
        )}
      </span>
    </nav>
  );
}
