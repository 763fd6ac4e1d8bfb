/**
 * A transport for tests that refuses to connect anywhere but loopback (127.0.0.0/8, ::1)
 * and refuses redirect modes other than "manual" (fetch would follow those internally,
 * past this guard). A guard bug therefore fails a test instead of sending packets.
 * Deliberately independent of src/: it must not share the parser it is checking.
 */
import { isIPv4 } from "node:net";
import type { Transport, TransportInit } from "../../../../src/delivery/net/index.ts";

export interface Guard {
  transport: Transport;
  calls: { url: string; init: TransportInit }[];
  violations: string[];
}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "");
  return (isIPv4(h) && h.startsWith("127.")) || h === "::1";
}

/** `ca` is added to the TLS options of every call, to model an operator-trusted CA. */
export function loopbackGuard(opts: { ca?: string } = {}): Guard {
  const guard: Guard = { calls: [], violations: [], transport: async () => new Response() };
  guard.transport = async (url, init) => {
    let problem: string | null = null;
    const host = URL.canParse(url) ? new URL(url).hostname : url;
    if (!isLoopback(host)) problem = `refused to connect to non-loopback ${host} (${url})`;
    else if (init.redirect !== "manual") problem = `redirect mode ${String(init.redirect)} would bypass the guard`;
    if (problem) {
      guard.violations.push(problem);
      throw new Error(`loopback guard: ${problem}`);
    }
    guard.calls.push({ url, init });
    const tls = opts.ca ? { ...init.tls, ca: opts.ca } : init.tls;
    return fetch(url, { ...init, tls } as RequestInit);
  };
  return guard;
}
