// The sender's address. X-Forwarded-For is believed only when the TCP peer is a trusted proxy
// (--trusted-proxy); then the rightmost hop that is not itself a trusted proxy is the client.
import { ipAllowed } from "../../signing/ip-allowlist";

export function clientIp(peer: string | null, forwardedFor: string | null, trusted: string[]): string | null {
  const direct = peer ? unmap(peer) : null;
  if (!direct || !forwardedFor || !trusted.length || !ipAllowed(direct, trusted)) return direct;
  const hops = forwardedFor.split(",").map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = unmap(stripPort(hops[i]));
    if (!ipAllowed(hop, trusted)) return hop;
  }
  return hops.length ? unmap(stripPort(hops[0])) : direct;
}

/** Dual-stack sockets report IPv4 peers as ::ffff:a.b.c.d; show them as IPv4. */
function unmap(ip: string): string {
  return ip.toLowerCase().startsWith("::ffff:") && ip.includes(".") ? ip.slice(7) : ip;
}

/** "[::1]:443" → "::1", "192.0.2.1:80" → "192.0.2.1"; bare IPv6 stays as is. */
function stripPort(hop: string): string {
  if (hop.startsWith("[")) return hop.slice(1, hop.indexOf("]") > 0 ? hop.indexOf("]") : undefined);
  return /^[\d.]+:\d+$/.test(hop) ? hop.slice(0, hop.lastIndexOf(":")) : hop;
}
