/**
 * Which IP addresses hookrelay may send to.
 *
 * IPv4 uses a block list of the special-purpose ranges (RFC 6890 and friends). IPv6 is
 * allow-by-exception: only global unicast (2000::/3) passes, minus its special carve-outs,
 * so a range we forgot is blocked rather than reachable. Transition forms that embed an
 * IPv4 address (mapped, compatible, SIIT, NAT64, 6to4, Teredo) are unwrapped and judged by
 * the address inside, because that is where the packets end up.
 */
import { cidrContains, formatIp, ipv4From, parseCidr, parseIp, type Cidr, type IpAddress } from "./ip-address.ts";

export interface DestinationPolicy {
  /** Skip every address check (trusted networks, local development). */
  allowPrivate: boolean;
  /** Ranges let through even though they are special-purpose, e.g. "10.1.0.0/16". */
  allowCidrs: string[];
  /** Refuse plain http:// destinations (checked on URLs, not on addresses). */
  httpsOnly: boolean;
}

export type BlockedRange =
  | "unspecified" | "loopback" | "private" | "carrier_grade_nat" | "link_local"
  | "unique_local" | "site_local" | "multicast" | "broadcast" | "reserved"
  | "documentation" | "benchmarking" | "discard";

export type AddressRange = "unicast" | BlockedRange;

export type AddressCheck =
  | { ok: true }
  | { ok: false; range: BlockedRange | "invalid"; reason: string };

export interface Classification {
  range: AddressRange;
  /** The IPv4 address a transition form wraps, when that is what decided the range. */
  embedded?: { kind: string; address: IpAddress };
}

type RangeRow = [cidr: string, range: BlockedRange];

// Most specific rows first: the first match names the reason shown to the operator.
const V4_BLOCKED: RangeRow[] = [
  ["0.0.0.0/8", "unspecified"], // 0.0.0.0 reaches localhost on Linux
  ["10.0.0.0/8", "private"],
  ["100.64.0.0/10", "carrier_grade_nat"], // also Tailscale
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link_local"], // cloud metadata lives here
  ["172.16.0.0/12", "private"],
  ["192.0.0.0/24", "reserved"], // IETF protocol assignments
  ["192.0.2.0/24", "documentation"],
  ["192.88.99.0/24", "reserved"], // deprecated 6to4 relay anycast
  ["192.168.0.0/16", "private"],
  ["198.18.0.0/15", "benchmarking"],
  ["198.51.100.0/24", "documentation"],
  ["203.0.113.0/24", "documentation"],
  ["224.0.0.0/4", "multicast"],
  ["255.255.255.255/32", "broadcast"],
  ["240.0.0.0/4", "reserved"],
];

// Outside 2000::/3 everything is blocked; these rows only give a better name.
const V6_NON_GLOBAL: RangeRow[] = [
  ["fc00::/7", "unique_local"], // includes AWS IMDSv6 fd00:ec2::254
  ["fe80::/10", "link_local"],
  ["fec0::/10", "site_local"],
  ["ff00::/8", "multicast"],
  ["100::/64", "discard"],
];

// Carve-outs inside global unicast 2000::/3 (Teredo and 6to4 are unwrapped before these).
const V6_GLOBAL_BLOCKED: RangeRow[] = [
  ["2001:db8::/32", "documentation"],
  ["3fff::/20", "documentation"],
  ["2001:2::/48", "benchmarking"],
  ["2001::/23", "reserved"], // IETF protocol assignments: ORCHID, PCP/TURN anycast, ...
];

const compile = (rows: RangeRow[]) => rows.map(([c, r]) => [parseCidr(c)!, r] as const);
const V4 = compile(V4_BLOCKED);
const V6_NAMED = compile(V6_NON_GLOBAL);
const V6_CARVED = compile(V6_GLOBAL_BLOCKED);
const GLOBAL_UNICAST_V6 = parseCidr("2000::/3")!;
const cidr = (text: string) => parseCidr(text)!;
const V6 = {
  unspecified: cidr("::/128"),
  loopback: cidr("::1/128"),
  mapped: cidr("::ffff:0:0/96"),
  siit: cidr("::ffff:0:0:0/96"),
  compatible: cidr("::/96"),
  nat64: cidr("64:ff9b::/96"),
  nat64Local: cidr("64:ff9b:1::/48"), // operator-chosen embedding: cannot unwrap reliably
  sixToFour: cidr("2002::/16"),
  teredo: cidr("2001::/32"),
};

function classifyV4(ip: IpAddress): AddressRange {
  for (const [c, range] of V4) if (cidrContains(c, ip)) return range;
  return "unicast";
}

/** IPv4 addresses a v6 transition form carries, with the form's name. */
function embeddedV4(ip: IpAddress): { kind: string; addresses: IpAddress[]; deprecated: boolean } | null {
  const b = ip.bytes;
  if (cidrContains(V6.mapped, ip)) return { kind: "IPv4-mapped", addresses: [ipv4From(b, 12)], deprecated: false };
  if (cidrContains(V6.siit, ip)) return { kind: "IPv4-translated", addresses: [ipv4From(b, 12)], deprecated: true };
  if (cidrContains(V6.compatible, ip)) return { kind: "IPv4-compatible", addresses: [ipv4From(b, 12)], deprecated: true };
  if (cidrContains(V6.nat64, ip)) return { kind: "NAT64", addresses: [ipv4From(b, 12)], deprecated: false };
  if (cidrContains(V6.sixToFour, ip)) return { kind: "6to4", addresses: [ipv4From(b, 2)], deprecated: false };
  // Teredo: server address in bits 32-63, client address bit-inverted in the last 32 bits.
  if (cidrContains(V6.teredo, ip)) {
    return { kind: "Teredo", addresses: [ipv4From(b, 4), ipv4From(b, 12, true)], deprecated: false };
  }
  return null;
}

function classifyV6(ip: IpAddress): Classification {
  if (cidrContains(V6.unspecified, ip)) return { range: "unspecified" };
  if (cidrContains(V6.loopback, ip)) return { range: "loopback" };
  if (cidrContains(V6.nat64Local, ip)) return { range: "reserved" };
  const wrapped = embeddedV4(ip);
  if (wrapped) {
    for (const address of wrapped.addresses) {
      const range = classifyV4(address);
      if (range !== "unicast") return { range, embedded: { kind: wrapped.kind, address } };
    }
    // ::a.b.c.d and ::ffff:0:a.b.c.d are not routable on the public internet anyway.
    return { range: wrapped.deprecated ? "reserved" : "unicast" };
  }
  if (!cidrContains(GLOBAL_UNICAST_V6, ip)) {
    for (const [c, range] of V6_NAMED) if (cidrContains(c, ip)) return { range };
    return { range: "reserved" };
  }
  for (const [c, range] of V6_CARVED) if (cidrContains(c, ip)) return { range };
  return { range: "unicast" };
}

/** Classifies a parsed address; "unicast" means globally routable. */
export function classifyAddress(ip: IpAddress): Classification {
  return ip.version === 4 ? { range: classifyV4(ip) } : classifyV6(ip);
}

const DESCRIPTIONS: Record<BlockedRange, string> = {
  unspecified: "an unspecified (\"this network\") address",
  loopback: "a loopback address",
  private: "a private address",
  carrier_grade_nat: "a carrier-grade NAT (shared, RFC 6598) address",
  link_local: "a link-local address",
  unique_local: "a unique-local (private IPv6) address",
  site_local: "a deprecated site-local address",
  multicast: "a multicast address",
  broadcast: "the broadcast address",
  reserved: "a reserved, non-routable address",
  documentation: "a documentation-only address",
  benchmarking: "a benchmarking-only address",
  discard: "an IPv6 discard-only address",
};

const METADATA = new Set(["169.254.169.254", "169.254.170.2", "fd00:ec2::254"]);

function describe(ip: IpAddress, c: Classification & { range: BlockedRange }): string {
  const text = formatIp(ip);
  let out = `${text} is ${DESCRIPTIONS[c.range]}`;
  if (c.embedded) out += ` (${c.embedded.kind} ${formatIp(c.embedded.address)})`;
  const target = formatIp(c.embedded?.address ?? ip);
  if (METADATA.has(target)) out += ", used by cloud metadata services";
  return out;
}

const cidrCache = new Map<string, Cidr | null>();
function allowList(texts: string[]): Cidr[] {
  const out: Cidr[] = [];
  for (const t of texts) {
    if (!cidrCache.has(t)) cidrCache.set(t, parseCidr(t));
    const c = cidrCache.get(t);
    // Invalid entries are ignored (fail closed); config validation reports them at startup.
    if (c) out.push(c);
  }
  return out;
}

/**
 * Decides whether hookrelay may connect to `ip` (a literal, not a hostname).
 * With `allowPrivate` everything passes; an `allowCidrs` entry matches the address itself,
 * and an IPv4 entry also matches its IPv4-mapped form ("10.0.0.0/8" admits ::ffff:10.0.0.1).
 */
export function checkAddress(ip: string, policy: DestinationPolicy): AddressCheck {
  const parsed = parseIp(ip);
  if (!parsed) return { ok: false, range: "invalid", reason: `${JSON.stringify(ip)} is not an IP address` };
  if (policy.allowPrivate) return { ok: true };
  const c = classifyAddress(parsed);
  if (c.range === "unicast") return { ok: true };
  // Only the mapped form is the same host as its IPv4 address. NAT64, 6to4 and Teredo
  // reach a gateway that reinterprets the embedded address in ITS network, so an IPv4
  // allow entry must not admit them (allow-lists stay exact).
  const sameHost = c.embedded?.kind === "IPv4-mapped" ? c.embedded.address : null;
  const allowed = allowList(policy.allowCidrs).some(
    (a) => cidrContains(a, parsed) || (sameHost !== null && cidrContains(a, sameHost)),
  );
  if (allowed) return { ok: true };
  return { ok: false, range: c.range, reason: describe(parsed, { ...c, range: c.range }) };
}

/** True when `text` is a valid `--allow-destination` value (CIDR or single address). */
export function isValidCidr(text: string): boolean {
  return parseCidr(text) !== null;
}
