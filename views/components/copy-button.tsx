import { Icon } from "./icon.tsx";

/**
 * Copy-to-clipboard button, wired by app.js. Give `text` for short values (ids, URLs, secrets:
 * it lands in an attribute, which kitajs escapes), or `target` (a CSS selector) to copy a
 * large element's textContent without duplicating a payload into the markup.
 */
export function CopyButton(props: { text?: string; target?: string; label?: string; compact?: boolean }) {
  const label = props.label ?? "value";
  return (
    <button
      type="button"
      class={["btn", "btn-ghost", "btn-sm", "copy-btn", props.compact && "btn-icon"]}
      data-copy={props.text}
      data-copy-target={props.target}
      aria-label={`Copy ${label}`}
      title={`Copy ${label}`}
    >
      <Icon name="copy" size={14} />
      <Icon name="check" size={14} />
      {props.compact ? "" : <span class="copy-btn-text">Copy</span>}
    </button>
  );
}

/** A monospace value with its copy button: endpoint URLs, ingest URLs, ids, signing secrets. */
export function CopyField(props: { value: string; label: string; mask?: boolean }) {
  return (
    <span class="copy-field">
      <code class={["copy-field-value", props.mask && "masked"]} safe>
        {props.value}
      </code>
      <CopyButton text={props.value} label={props.label} compact />
    </span>
  );
}
