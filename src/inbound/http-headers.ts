// Which captured headers travel onward. Hop-by-hop headers describe one connection, not the message,
// so forwarding them would be wrong (and fetch implementations refuse some of them).
export const HOP_BY_HOP = new Set([
  "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer",
  "transfer-encoding", "upgrade", "expect", "host", "content-length",
]);

export function endToEnd(headers: [string, string][]): [string, string][] {
  return headers.filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase()));
}
