import { formatBytes } from "../lib/format.ts";
import { formatJson } from "../lib/json-format.ts";
import { CopyButton } from "./copy-button.tsx";

/** Above this many characters the body is shown raw and cut: highlighting megabytes freezes tabs. */
const DEFAULT_MAX_CHARS = 256 * 1024;

let seq = 0;

/**
 * A payload/body viewer like webhook.site's: pretty-printed, highlighted JSON when the text
 * parses (tokens kept verbatim, see lib/json-format), else the raw text. The header shows
 * the kind and size and copies the exact original bytes; "Raw" reveals them unformatted.
 */
export function JsonBlock(props: {
  text: string | null | undefined;
  /** Caption such as "Payload" or "Response body". */
  label?: string;
  /** Shown instead of the block when `text` is null/undefined, e.g. "Payload expired". */
  missing?: string;
  maxChars?: number;
  /** Stable id prefix; needed when the same page is compared byte-for-byte in tests. */
  id?: string;
}) {
  const label = props.label ?? "Body";
  if (props.text === null || props.text === undefined) {
    return (
      <figure class="code-block code-block-missing">
        <figcaption class="code-block-head"><span class="code-block-label" safe>{label}</span></figcaption>
        <p class="muted code-block-note" safe>{props.missing ?? "No body"}</p>
      </figure>
    );
  }
  const text = props.text;
  const id = props.id ?? `code-${++seq}`;
  const max = props.maxChars ?? DEFAULT_MAX_CHARS;
  const truncated = text.length > max;
  const json = truncated || text.length === 0 ? null : formatJson(text);
  const size = formatBytes(new TextEncoder().encode(text).length);
  const kind = json ? "JSON" : text.length === 0 ? "Empty" : "Text";
  const rawIsPretty = json !== null && json.pretty === text;
  const safeHighlighted = json ? json.safeHtml : "";

  return (
    <figure class="code-block">
      <figcaption class="code-block-head">
        <span class="code-block-label" safe>{label}</span>
        <span class="code-block-meta">
          <span class="badge badge-neutral badge-mono">{kind}</span>
          <span class="muted" safe>{size}</span>
        </span>
        {text.length ? <CopyButton target={`#${id}-raw`} label={label.toLowerCase()} /> : ""}
      </figcaption>
      {json ? (
        <>
          <pre class="code json" tabindex="0"><code>{safeHighlighted}</code></pre>
          {rawIsPretty ? (
            <pre id={`${id}-raw`} hidden safe>{text}</pre>
          ) : (
            <details class="code-raw">
              <summary>Raw</summary>
              <pre id={`${id}-raw`} class="code" tabindex="0" safe>{text}</pre>
            </details>
          )}
        </>
      ) : text.length === 0 ? (
        <p class="muted code-block-note">Empty body</p>
      ) : (
        <>
          <pre id={`${id}-raw`} class="code" tabindex="0" safe>{truncated ? text.slice(0, max) : text}</pre>
          {truncated ? (
            <p class="muted code-block-note" safe>{`Showing the first ${formatBytes(max)} of ${size}; copy gets the shown part only.`}</p>
          ) : ""}
        </>
      )}
    </figure>
  );
}
