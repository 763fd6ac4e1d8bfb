/**
 * @module views/lib/body-format
 * How the request inspector shows a captured body: which kind it is (JSON, XML, form, text,
 * binary), XML re-indented for reading, and form bodies as ordered pairs. Pure; no imports.
 */

export type BodyKind = "json" | "xml" | "form" | "text" | "binary" | "empty";

/** Decides by content type first, then by a sniff of the text (many senders mislabel bodies). */
export function bodyKind(contentType: string, text: string | null): BodyKind {
  if (text === null) return "binary";
  if (text.length === 0) return "empty";
  const ct = contentType.toLowerCase();
  const t = text.trimStart();
  if (ct.includes("json") || ((t.startsWith("{") || t.startsWith("[")) && isJson(text))) return isJson(text) ? "json" : "text";
  if (ct.includes("xml") || t.startsWith("<?xml")) return "xml";
  if (ct.includes("x-www-form-urlencoded")) return "form";
  return "text";
}

function isJson(text: string): boolean {
  try { JSON.parse(text); return true; } catch { return false; }
}

/** Pairs of an application/x-www-form-urlencoded body, in order, repeated names kept. */
export function formPairs(text: string): Array<[string, string]> {
  return [...new URLSearchParams(text)];
}

/**
 * Re-indents XML by its tags, two spaces per level; text, comments and CDATA are kept as they
 * are. Not a validator: a malformed document still comes out readable, never throws.
 */
export function prettyXml(text: string): string {
  const tokens = text.replace(/>\s+</g, "><").match(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<[^>]+>|[^<]+/g) ?? [];
  const out: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    const next = tokens[i + 1];
    const pad = "  ".repeat(Math.max(0, depth));
    if (tok.startsWith("</")) {
      depth--;
      out.push("  ".repeat(Math.max(0, depth)) + tok);
    } else if (tok.startsWith("<?") || tok.startsWith("<!") || tok.endsWith("/>")) {
      out.push(pad + tok);
    } else if (tok.startsWith("<")) {
      // <a>text</a> stays on one line.
      if (next && !next.startsWith("<") && tokens[i + 2]?.startsWith("</")) {
        out.push(pad + tok + next + tokens[i + 2]);
        i += 2;
      } else {
        out.push(pad + tok);
        depth++;
      }
    } else if (tok.trim()) {
      out.push(pad + tok.trim());
    }
  }
  return out.join("\n");
}
