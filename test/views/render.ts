// Helpers shared by the view tests.

/** Views return string | Promise<string> (kitajs async children); tests always await. */
export async function render(view: JSX.Element | string): Promise<string> {
  return String(await view);
}

/** The classic probe, used in text positions. */
export const XSS = "<script>alert(1)</script>";
export const XSS_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";
/** A probe that also tries to close a quoted attribute and add a handler. */
export const XSS_ATTR = `"><img src=x onerror=alert(1)>'`;

/**
 * Elements a successful injection would create, found by a real HTML parser (Bun's
 * HTMLRewriter) rather than by string search: `<` is legal, and harmless, inside a quoted
 * attribute, so "the output contains <script>" is the wrong question.
 */
export function injectedElements(html: string): string[] {
  const found: string[] = [];
  new HTMLRewriter()
    .on("script:not([src]), img, iframe, [onerror], [onload], [onclick]", {
      element(el) {
        found.push(el.tagName);
      },
    })
    .transform(html);
  return found;
}

/** Counts occurrences of `needle` in `hay`. */
export function count(hay: string, needle: string): number {
  return hay.split(needle).length - 1;
}
