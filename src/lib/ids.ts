// Prefixed, time-ordered ids (`msg_…`, `ep_…`) in the style Svix uses: sorting by id sorts by
// creation time, which makes keyset pagination by id both correct and index-only.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
let lastMs = 0;
let lastRand: Uint8Array = new Uint8Array(10);

function encode(bytes: Uint8Array, len: number): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = "";
  for (let i = 0; i < len; i++) { out = ALPHABET[Number(n % 62n)] + out; n /= 62n; }
  return out;
}

/** 48-bit ms time + 80 random bits, base62, 27 chars; monotonic within one millisecond. */
export function newId(prefix: string, nowMs = Date.now()): string {
  let rand: Uint8Array;
  if (nowMs <= lastMs) {
    nowMs = lastMs;
    rand = lastRand.slice();
    for (let i = rand.length - 1; i >= 0; i--) { if (rand[i] < 255) { rand[i]++; break; } rand[i] = 0; }
  } else {
    rand = randomBytes(10);
  }
  lastMs = nowMs;
  lastRand = rand;
  const bytes = new Uint8Array(16);
  let t = nowMs;
  for (let i = 5; i >= 0; i--) { bytes[i] = t % 256; t = Math.floor(t / 256); }
  bytes.set(rand, 6);
  return `${prefix}_${encode(bytes, 22)}`;
}

/** The smallest id a record created at `ms` could have: turns a timestamp into a keyset bound. */
export function idFloor(prefix: string, ms: number): string {
  const bytes = new Uint8Array(16);
  let t = Math.max(0, ms);
  for (let i = 5; i >= 0; i--) { bytes[i] = t % 256; t = Math.floor(t / 256); }
  return `${prefix}_${encode(bytes, 22)}`;
}

/** A random url-safe token with a readable prefix. */
export function randomToken(prefix: string, bytes = 24): string {
  return `${prefix}${randomBytes(bytes).toString("base64url")}`;
}
