/**
 * Validates a destination URL when an endpoint (or forward target) is saved, and again
 * inside the sender before every request.
 *
 * Only the URL itself is judged here. Hostnames pass: their addresses are checked at
 * connect time by the sender, since DNS answers can change between save and send.
 */
import { checkAddress, type BlockedRange, type DestinationPolicy } from "./address-policy.ts";
import { parseIp, formatIp } from "./ip-address.ts";

export type UrlCheck =
  | {
      ok: true;
      url: URL;
      /** Hostname without IPv6 brackets, e.g. "example.com" or "::1". */
      hostname: string;
      /** Canonical IP when the URL names an address literal, else null. */
      ip: string | null;
    }
  | {
      ok: false;
      code: "invalid_url" | "blocked";
      range?: BlockedRange | "invalid";
      /** Short cause for logs and attempt records, e.g. "10.0.0.1 is a private address". */
      reason: string;
      /** Full sentence for a 422 body, prefixed with the field name and naming the fix. */
      message: string;
    };

const invalid = (reason: string, hint = ""): UrlCheck => ({
  ok: false,
  code: "invalid_url",
  reason,
  message: `url: ${reason}${hint}`,
});

function blocked(reason: string, ip: string | null, range?: BlockedRange | "invalid"): UrlCheck {
  const single = ip ? ` (or --allow-destination ${ip.includes(":") ? `${ip}/128` : `${ip}/32`} for this address only)` : "";
  return {
    ok: false,
    code: "blocked",
    range,
    reason,
    message: `url: destination ${reason}; start hookrelay with --allow-private-destinations to allow it${single}`,
  };
}

// RFC 6761: these names always mean the local host, whatever a resolver says.
function isLocalhostName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, "");
  return h === "localhost" || h.endsWith(".localhost");
}

/** Checks scheme, credentials and literal addresses; see docs/ssrf.md for the rules. */
export function checkDestinationUrl(input: string, policy: DestinationPolicy): UrlCheck {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return invalid("not a valid absolute URL", "; expected something like https://example.com/webhooks");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return invalid(`scheme "${url.protocol.slice(0, -1)}" is not supported`, "; use https:// or http://");
  }
  if (policy.httpsOnly && url.protocol === "http:") {
    return {
      ok: false,
      code: "blocked",
      reason: "plain http destinations are disabled",
      message: "url: plain http destinations are disabled (--https-only-destinations); use https://",
    };
  }
  // Credentials in URLs end up in logs, the UI and exports in clear text, and "a@b@c"
  // forms are a classic parser-confusion trick; auth belongs in a custom header.
  if (url.username !== "" || url.password !== "") {
    return invalid("credentials in the URL (user:password@) are not allowed", "; send them in a header instead");
  }
  if (url.port === "0") return invalid("port 0 is not a valid destination port");

  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const literal = parseIp(hostname);
  if (literal) {
    const ip = formatIp(literal);
    const verdict = checkAddress(ip, policy);
    if (!verdict.ok) return blocked(verdict.reason, ip, verdict.range);
    return { ok: true, url, hostname, ip };
  }
  if (isLocalhostName(hostname)) {
    const v4 = checkAddress("127.0.0.1", policy);
    const v6 = checkAddress("::1", policy);
    if (!v4.ok && !v6.ok) return blocked(`${hostname} is a loopback name`, null, "loopback");
  }
  return { ok: true, url, hostname, ip: null };
}
