import { CopyButton } from "./copy-button.tsx";

let seq = 0;

/**
 * A labelled, copyable block of text that is not a payload: a curl command ("copy as curl"),
 * an ingest URL with instructions, a CLI line. Same frame as JsonBlock, no formatting.
 */
export function CodeSnippet(props: { code: string; label?: string; id?: string }) {
  const id = props.id ?? `snippet-${++seq}`;
  return (
    <figure class="code-block">
      <figcaption class="code-block-head">
        <span class="code-block-label" safe>{props.label ?? "Code"}</span>
        <span class="code-block-meta" />
        <CopyButton target={`#${id}`} label={(props.label ?? "code").toLowerCase()} />
      </figcaption>
      <pre id={id} class="code" tabindex="0" safe>{props.code}</pre>
    </figure>
  );
}
