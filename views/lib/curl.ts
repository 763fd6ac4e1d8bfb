/**
 * @module views/lib/curl
 * "Copy as curl" for a captured request: the same method, headers and body against any URL.
 * Single-quoted for POSIX shells; headers a client sets itself (Host, Content-Length,
 * connection-level ones) are left out so the command works as pasted.
 */

const SKIP = new Set(["host", "content-length", "connection", "keep-alive", "transfer-encoding", "te", "upgrade", "accept-encoding", "proxy-connection"]);

/** 'it'\''s' — the POSIX way to put a quote inside single quotes. */
export const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function curlCommand(req: { method: string; url: string; headers: ReadonlyArray<readonly [string, string]>; body: string | null; binary?: boolean }): string {
  const parts = [`curl -X ${req.method.toUpperCase()} ${shellQuote(req.url)}`];
  for (const [k, v] of req.headers) if (!SKIP.has(k.toLowerCase())) parts.push(`-H ${shellQuote(`${k}: ${v}`)}`);
  if (req.binary) parts.push("--data-binary @body.bin");
  else if (req.body) parts.push(`--data-binary ${shellQuote(req.body)}`);
  return parts.join(" \\\n  ");
}
