// Path and query of a request without a URL parse: hooks and routes on the hot path need them on
// every request, and `new URL()` was parsed up to three times per message POST.
// A Request's url is already a serialized (normalized) URL — Bun's server and the Request
// constructor both produce one — so re-parsing it would give back exactly these substrings.

/** `new URL(url).pathname` for a request URL. */
export function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  const end = endOfPath(url, start);
  return end < 0 ? url.slice(start) : url.slice(start, end);
}

/** The query string without its `?` ("" when absent): what `new URL(url).search.slice(1)` gives. */
export function queryOf(url: string): string {
  const from = url.indexOf("//") + 2;
  const q = url.indexOf("?", from);
  if (q < 0) return "";
  const h = url.indexOf("#", from);
  if (h < 0) return url.slice(q + 1);
  return h < q ? "" : url.slice(q + 1, h);
}

function endOfPath(url: string, from: number): number {
  const q = url.indexOf("?", from);
  const h = url.indexOf("#", from);
  return q < 0 ? h : h < 0 || q < h ? q : h;
}
