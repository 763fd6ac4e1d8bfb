// The network createTestApp hands the delivery engine (AppOptions.services.senderNet): a resolver
// that answers only localhost and a transport that refuses any address outside 127.0.0.0/8 and ::1,
// and any redirect mode but "manual". The SSRF policy is still applied in front of both; this is the
// backstop, so a policy bug (or a test pointing at a real host) fails a test instead of sending
// packets. Deliberately independent of src/: it must not share the parser it is guarding.
import { isIPv4 } from "node:net";
import type { Resolver, Transport } from "../../src/delivery/net";

export interface LoopbackNet {
  resolver: Resolver;
  transport: Transport;
  /** Every connection refused, in order; a test that expects none can assert this is empty. */
  violations: string[];
}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "");
  return (isIPv4(h) && h.startsWith("127.")) || h === "::1";
}

export function loopbackNet(): LoopbackNet {
  const violations: string[] = [];
  const resolver: Resolver = async (host) => {
    const h = host.toLowerCase().replace(/\.$/, "");
    if (h === "localhost" || h.endsWith(".localhost")) return ["127.0.0.1"];
    // Like NXDOMAIN, so a test that wants a DNS failure still sees one; no query leaves the machine.
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host} (the test resolver answers only localhost)`), { code: "ENOTFOUND" });
  };
  const transport: Transport = async (url, init) => {
    const host = URL.canParse(url) ? new URL(url).hostname : url;
    let problem: string | null = null;
    if (!isLoopback(host)) problem = `refused to connect to non-loopback ${host}`;
    else if (init.redirect !== "manual") problem = `redirect mode ${String(init.redirect)} would follow redirects past the guard`;
    if (problem) {
      violations.push(problem);
      throw new Error(`test network guard: ${problem}`);
    }
    return fetch(url, init as RequestInit);
  };
  return { resolver, transport, violations };
}
