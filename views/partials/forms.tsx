import type { Children } from "@kitajs/html";

/**
 * Small form building blocks for resource pages: the hidden CSRF field every state-changing form
 * carries, a one-button POST form (resend, enable, delete), and the GET filter bar of list pages.
 */

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** A POST form with one button. `confirm` asks first (htmx's hx-confirm works without htmx too: it is only a prompt). */
export function ActionButton(props: {
  action: string;
  csrfToken: string;
  label: string;
  variant?: "primary" | "secondary" | "danger" | "danger-ghost" | "ghost";
  small?: boolean;
  confirm?: string;
  /** Extra hidden fields (endpoint id for a resend). */
  fields?: Record<string, string>;
  /** When set, the button posts with htmx and swaps this selector with the answer. */
  hxTarget?: string;
  id?: string;
}) {
  const hx = props.hxTarget ? { "hx-post": props.action, "hx-target": props.hxTarget, "hx-swap": "outerHTML" } : {};
  return (
    <form method="post" action={props.action} class="inline-form" {...hx} hx-confirm={props.confirm}
      onsubmit={props.confirm && !props.hxTarget ? `return confirm(${JSON.stringify(props.confirm)})` : undefined}>
      <CsrfField token={props.csrfToken} />
      {Object.entries(props.fields ?? {}).map(([k, v]) => <input type="hidden" name={k} value={v} />)}
      <button type="submit" id={props.id} class={["btn", `btn-${props.variant ?? "secondary"}`, props.small && "btn-sm"]} safe>
        {props.label}
      </button>
    </form>
  );
}

/** A list page's filter form (GET, so the URL is shareable); "Clear" appears when a filter is set. */
export function FilterBar(props: { action: string; active: boolean; label?: string; children?: Children }) {
  return (
    <form method="get" action={props.action} class="filters" role="search" aria-label={props.label ?? "Filters"}>
      {props.children ?? ""}
      <div class="filters-actions">
        <button type="submit" class="btn btn-secondary">Apply</button>
        {props.active ? <a class="btn btn-ghost" href={props.action}>Clear</a> : ""}
      </div>
    </form>
  );
}

/** "Live" / "Connecting…" next to a list fed by server-sent events (state set by app.js). */
export function LiveIndicator() {
  return (
    <span class="live-indicator" role="status">
      <span class="live-on">Live</span>
      <span class="live-off">Connecting…</span>
    </span>
  );
}
