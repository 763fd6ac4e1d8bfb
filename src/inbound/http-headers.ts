// Which captured headers travel onward. Hop-by-hop headers describe one connection, not the message,
// so forwarding them would be wrong (and fetch implementations refuse some of them).
export const HOP_BY_HOP = new Set([
  "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer",
  "transfer-encoding", "upgrade", "expect", "host", "content-length",
]);

/** Names the sender's `Connection` header lists are hop-by-hop for this message too (RFC 9110 §7.6.1). */
function connectionOptions(headers: [string, string][]): Set<string> {
  const named = new Set<string>();
  for (const [k, v] of headers) {
    if (k.toLowerCase() !== "connection") continue;
    for (const token of v.split(",")) {
      const name = token.trim().toLowerCase();
      if (name) named.add(name);
    }
  }
  return named;
}

export function endToEnd(headers: [string, string][]): [string, string][] {
  const named = connectionOptions(headers);
  return headers.filter(([k]) => {
    const name = k.toLowerCase();
    return !HOP_BY_HOP.has(name) && !named.has(name);
  });
}
