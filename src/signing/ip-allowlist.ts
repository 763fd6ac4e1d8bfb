// Source-IP allowlisting for ingest sources (IPv4 and IPv6 CIDR). Pure parsing, no DNS.

type Address = { family: 4 | 6; value: bigint; mapped?: boolean };

function parseIPv4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    // Leading zeros are refused: some stacks read them as octal, so "010" is ambiguous.
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return null;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseIPv6(text: string): bigint | null {
  let input = text;
  let tail: bigint | null = null;
  const lastColon = input.lastIndexOf(":");
  if (input.includes(".")) {
    // Embedded IPv4 (::ffff:192.0.2.1) supplies the last 32 bits.
    tail = parseIPv4(input.slice(lastColon + 1));
    if (tail === null) return null;
    input = `${input.slice(0, lastColon + 1)}0:0`;
  }
  const halves = input.split("::");
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  let value = 0n;
  for (const group of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    value = (value << 16n) | BigInt(`0x${group}`);
  }
  return tail === null ? value : (value & ~0xffffffffn) | tail;
}

function parseAddress(text: string): Address | null {
  const trimmed = text.trim().replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, ""); // brackets and zone ids
  if (trimmed.includes(":")) {
    const value = parseIPv6(trimmed);
    if (value === null) return null;
    // IPv4-mapped addresses (how dual-stack sockets report IPv4 peers) are matched as IPv4.
    if (value >> 32n === 0xffffn) return { family: 4, value: value & 0xffffffffn, mapped: true };
    return { family: 6, value };
  }
  const value = parseIPv4(trimmed);
  return value === null ? null : { family: 4, value };
}

function parseCidr(text: string): { network: Address; prefix: number } | null {
  const [addr, bits, extra] = text.trim().split("/");
  if (extra !== undefined) return null;
  const network = parseAddress(addr);
  if (!network) return null;
  const width = network.family === 4 ? 32 : 128;
  if (bits === undefined) return { network, prefix: width };
  // A block written in IPv4-mapped form counts its prefix over 128 bits; the IPv4 part is the last 32.
  const offset = network.mapped ? 96 : 0;
  if (!/^\d{1,3}$/.test(bits) || Number(bits) < offset || Number(bits) - offset > width) return null;
  return { network, prefix: Number(bits) - offset };
}

/** True when `cidr` is an IPv4/IPv6 address or CIDR block; for validating stored allowlists. */
export function isValidCidr(cidr: string): boolean {
  return parseCidr(cidr) !== null;
}

/**
 * True when `ip` falls inside any of `cidrs` (bare addresses count as /32 or /128). Unparseable input
 * never matches and never throws: an allowlist must fail closed.
 */
export function ipAllowed(ip: string, cidrs: string[]): boolean {
  const address = parseAddress(ip);
  if (!address) return false;
  for (const cidr of cidrs) {
    const block = parseCidr(cidr);
    if (!block || block.network.family !== address.family) continue;
    const width = BigInt(address.family === 4 ? 32 : 128);
    const shift = width - BigInt(block.prefix);
    if (address.value >> shift === block.network.value >> shift) return true;
  }
  return false;
}
