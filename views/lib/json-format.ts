/**
 * @module views/lib/json-format
 * Re-indents JSON text and produces highlighted, escaped HTML for it, for payload viewers.
 *
 * Works on the tokens of the original text instead of JSON.stringify(JSON.parse(raw)):
 * a webhook inspector must show exactly what was sent, and a parse round trip rewrites
 * 12345678901234567890 as 12345678901234567000, "\u00e9" as "é" and drops duplicate keys.
 */
import { escapeHtml } from "@kitajs/html";

export interface FormattedJson {
  /** Indented text, byte-for-byte the same tokens as the input. */
  pretty: string;
  /** The same text as HTML: every token escaped, wrapped in `<span class="j-…">`. */
  safeHtml: string;
}

// Once JSON.parse has accepted the text, these alternatives cover every character of it.
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|[{}[\],:]|\s+/g;

/** Formats `raw` when it is valid JSON; null otherwise (callers then show it as plain text). */
export function formatJson(raw: string, indent = 2): FormattedJson | null {
  try {
    JSON.parse(raw);
  } catch {
    return null;
  }
  const tokens = (raw.match(TOKEN) ?? []).filter((t) => !/^\s/.test(t));
  const pad = (depth: number) => "\n" + " ".repeat(depth * indent);
  let pretty = "";
  let html = "";
  let depth = 0;
  const emit = (text: string, cls?: string) => {
    pretty += text;
    html += cls ? `<span class="${cls}">${escapeHtml(text)}</span>` : text;
  };

  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    const next = tokens[i + 1];
    switch (tok) {
      case "{":
      case "[":
        if (next === (tok === "{" ? "}" : "]")) {
          emit(tok + next, "j-punct");
          i++;
        } else {
          emit(tok, "j-punct");
          emit(pad(++depth));
        }
        break;
      case "}":
      case "]":
        emit(pad(--depth));
        emit(tok, "j-punct");
        break;
      case ",":
        emit(",", "j-punct");
        emit(pad(depth));
        break;
      case ":":
        emit(": ");
        break;
      default:
        emit(tok, classOf(tok, next));
    }
  }
  return { pretty, safeHtml: html };
}

function classOf(tok: string, next: string | undefined): string {
  if (tok.startsWith('"')) return next === ":" ? "j-key" : "j-str";
  if (tok === "true" || tok === "false") return "j-bool";
  if (tok === "null") return "j-null";
  return "j-num";
}
