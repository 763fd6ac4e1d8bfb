import { CopyButton } from "./copy-button.tsx";

export type KeyValueRows = ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string>>;

/**
 * Two-column table for headers, query parameters, form fields and metadata. Takes pairs in
 * arrival order (ingest stores headers as `[[name, value], ...]`, and repeated headers
 * matter) or a plain object. Names and values come off the wire, so both are escaped.
 */
export function KeyValueTable(props: {
  rows: KeyValueRows;
  /** Visible caption, also the table's accessible name. */
  caption?: string;
  keyHeader?: string;
  valueHeader?: string;
  /** Shown instead of an empty table. */
  empty?: string;
  /** Adds a copy button per value (useful for ids and signatures). */
  copyable?: boolean;
  /** Values are sentences (help text), not wire data: body font, wrapped between words. */
  prose?: boolean;
}) {
  const rows: Array<readonly [string, string]> = Array.isArray(props.rows)
    ? [...(props.rows as ReadonlyArray<readonly [string, string]>)]
    : Object.entries(props.rows as Record<string, string>);
  if (rows.length === 0) {
    return <p class="muted kv-empty" safe>{props.empty ?? "None"}</p>;
  }
  return (
    <div class="table-wrap">
      <table class="table kv-table">
        {props.caption ? <caption safe>{props.caption}</caption> : ""}
        <thead>
          <tr>
            <th scope="col" safe>{props.keyHeader ?? "Name"}</th>
            <th scope="col" safe>{props.valueHeader ?? "Value"}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([k, v]) => (
            <tr>
              <th scope="row" class="kv-key mono" safe>{k}</th>
              <td class={props.prose ? "kv-value kv-value-prose" : "kv-value mono"}>
                <span safe>{v}</span>
                {props.copyable ? <CopyButton text={v} label={k} compact /> : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
