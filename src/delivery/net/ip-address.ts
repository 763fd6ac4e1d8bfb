/**
 * Strict IP literal parsing, formatting and CIDR matching.
 *
 * Strict on purpose: inputs here are already canonical (WHATWG URL output or resolver
 * answers). Anything odd (leading zeros, short or hex IPv4 forms) is refused rather than
 * guessed at, so the policy fails closed instead of disagreeing with the socket layer.
 */

export interface IpAddress {
  version: 4 | 6;
  /** 4 bytes for IPv4, 16 for IPv6, network order. */
  bytes: Uint8Array;
}

export interface Cidr {
  version: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;
const HEXTET = /^[0-9a-f]{1,4}$/i;

function parseIpv4(text: string): Uint8Array | null {
  const m = DOTTED_QUAD.exec(text);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return Uint8Array.from(parts);
}

function parseHextets(text: string): number[] | null {
  if (text === "") return [];
  const groups = text.split(":");
  const out: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    // A dotted IPv4 tail ("::ffff:1.2.3.4") is only legal as the final group.
    if (i === groups.length - 1 && g.includes(".")) {
      const v4 = parseIpv4(g);
      if (!v4) return null;
      out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
    } else if (HEXTET.test(g)) {
      out.push(parseInt(g, 16));
    } else {
      return null;
    }
  }
  return out;
}

function parseIpv6(text: string): Uint8Array | null {
  // Resolvers may append a zone ("fe80::1%eth0"); it does not change the address class.
  const zone = text.indexOf("%");
  const addr = zone === -1 ? text : text.slice(0, zone);
  const halves = addr.split("::");
  if (halves.length > 2) return null;
  const head = parseHextets(halves[0]);
  const tail = halves.length === 2 ? parseHextets(halves[1]) : [];
  if (!head || !tail) return null;
  // A dotted tail inside the head is only valid when there is no "::" after it.
  if (halves.length === 2 && halves[0].includes(".")) return null;
  const count = head.length + tail.length;
  if (halves.length === 1 ? count !== 8 : count > 7) return null;
  const groups = [...head, ...new Array(8 - count).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

/** Parses a v4 dotted quad or a v6 literal (brackets allowed); null when it is not one. */
export function parseIp(text: string): IpAddress | null {
  const t = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  if (t.includes(":")) {
    const bytes = parseIpv6(t);
    return bytes ? { version: 6, bytes } : null;
  }
  const bytes = parseIpv4(t);
  return bytes ? { version: 4, bytes } : null;
}

/** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run compressed). */
export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) return Array.from(ip.bytes).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => (ip.bytes[i * 2] << 8) | ip.bytes[i * 2 + 1]);
  let bestStart = -1;
  let bestLen = 1; // RFC 5952: a single zero group is not compressed
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(":");
  const left = hex.slice(0, bestStart).join(":");
  const right = hex.slice(bestStart + bestLen).join(":");
  return `${left}::${right}`;
}

/** Parses "10.0.0.0/8", "fd00::/8" or a bare address (a /32 or /128). Null when invalid. */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf("/");
  const ip = parseIp(slash === -1 ? text.trim() : text.slice(0, slash).trim());
  if (!ip) return null;
  const max = ip.version === 4 ? 32 : 128;
  const prefixText = slash === -1 ? String(max) : text.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > max) return null;
  return { version: ip.version, bytes: ip.bytes, prefix };
}

/** True when `ip` falls inside `cidr` (same family only; unwrap mapped forms first). */
export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.version !== ip.version) return false;
  const full = cidr.prefix >> 3;
  for (let i = 0; i < full; i++) if (cidr.bytes[i] !== ip.bytes[i]) return false;
  const rest = cidr.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (cidr.bytes[full] & mask) === (ip.bytes[full] & mask);
}

/** Builds an IPv4 address from four bytes of another buffer (for unwrapping v6 forms). */
export function ipv4From(bytes: Uint8Array, offset: number, invert = false): IpAddress {
  const out = bytes.slice(offset, offset + 4);
  if (invert) for (let i = 0; i < 4; i++) out[i] = ~out[i] & 0xff;
  return { version: 4, bytes: out };
}
