// The client's address: the socket peer, or X-Forwarded-For only when the peer is a trusted proxy.
import { ipAllowed } from "../signing/ip-allowlist";

export function clientIp(peer: string | null | undefined, headers: Headers, trustedProxies: string[]): string {
  const direct = (peer ?? "").replace(/^::ffff:/, "");
  if (!direct || !trustedProxies.length || !ipAllowed(direct, trustedProxies)) return direct || "unknown";
  const xff = headers.get("x-forwarded-for");
  if (!xff) return direct;
  // Walk from the right: the first address that is not one of our proxies is the client.
  const hops = xff.split(",").map((s) => s.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!ipAllowed(hops[i], trustedProxies)) return hops[i];
  return hops[0] ?? direct;
}
