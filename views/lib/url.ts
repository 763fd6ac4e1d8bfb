/**
 * @module views/lib/url
 * Guards for URLs that came from users (endpoint URLs, source redirects) before they become
 * an `href`. kitajs escapes attribute quotes, but `javascript:alert(1)` needs no quotes.
 */

/** The URL itself when it is absolute http(s), else undefined: render it as text, not a link. */
export function safeExternalHref(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : undefined;
  } catch {
    return undefined;
  }
}
