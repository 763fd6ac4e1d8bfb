// The client's address for the UI and API (login limits, audit): the socket peer, or X-Forwarded-For
// only when the peer is a trusted proxy. One rule for the whole server: the ingest module's.
import { clientIp as resolveClientIp } from "./ingest/client-ip";

export function clientIp(peer: string | null | undefined, headers: Headers, trustedProxies: string[]): string {
  return resolveClientIp(peer ?? null, headers.get("x-forwarded-for"), trustedProxies) ?? "unknown";
}
