// Turns option text (from a flag, env var or file) into a typed value, or a one-line error.
import type { OptionDef } from "./options";

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const BYTE_UNITS: Record<string, number> = { b: 1, kb: 1000, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000); // bare number = seconds
  let total = 0;
  let rest = t;
  const re = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)/;
  if (!rest) return null;
  while (rest) {
    const m = re.exec(rest);
    if (!m) return null;
    total += Number(m[1]) * UNITS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return Math.round(total);
}

export function parseBytes(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  if (!m) return null;
  const unit = m[2].toLowerCase() || "b";
  const mult = BYTE_UNITS[unit];
  return mult === undefined ? null : Math.round(Number(m[1]) * mult);
}

/** The largest exact unit, in a form parseDuration reads back: 10000 → "10s", 90000 → "90s", 1500 → "1500ms". */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  for (const [u, v] of [["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], ["s", 1000]] as const) {
    if (ms >= v && ms % v === 0) return `${ms / v}${u}`;
  }
  return `${ms}ms`;
}

/** The largest exact binary unit, in a form parseBytes reads back: 65536 → "64KiB", 1000 → "1000B". */
export function formatBytes(n: number): string {
  for (const [u, v] of [["GiB", 1024 ** 3], ["MiB", 1024 ** 2], ["KiB", 1024]] as const) {
    if (n >= v && n % v === 0) return `${n / v}${u}`;
  }
  return `${n}B`;
}

/**
 * An option value as a person (and the config parser) reads it: durations and sizes with units,
 * because a bare number would be read back as seconds or bytes (10000 → 10000 s).
 */
export function formatOptionValue(def: OptionDef, v: unknown): string {
  if (def.type === "duration" && typeof v === "number") return formatDuration(v);
  if (def.type === "bytes" && typeof v === "number") return formatBytes(v);
  return Array.isArray(v) ? v.join(",") : String(v);
}

export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

/** Parses one raw value; `raw` may be a string (flag/env) or a value from the config file. */
export function parseValue(def: OptionDef, raw: unknown): Parsed {
  const text = Array.isArray(raw) ? raw.map(String).join(",") : String(raw);
  const bad = (accepted: string): Parsed => ({ ok: false, error: `invalid value ${JSON.stringify(text)} for ${def.key}: expected ${accepted}` });
  switch (def.type) {
    case "string":
      return { ok: true, value: text };
    case "bool": {
      if (typeof raw === "boolean") return { ok: true, value: raw };
      const t = text.toLowerCase();
      if (["true", "1", "yes", "on", ""].includes(t)) return { ok: true, value: true };
      if (["false", "0", "no", "off"].includes(t)) return { ok: true, value: false };
      return bad("true or false");
    }
    case "int": {
      if (!/^-?\d+$/.test(text.trim())) return bad(`an integer${range(def)}`);
      const n = Number(text);
      if ((def.min !== undefined && n < def.min) || (def.max !== undefined && n > def.max)) return bad(`an integer${range(def)}`);
      return { ok: true, value: n };
    }
    case "duration": {
      const n = typeof raw === "number" ? raw * 1000 : parseDuration(text);
      // Non-finite (a TOML inf or nan, a 400-digit number) would mean "no limit" or garbage downstream.
      if (n === null || !Number.isFinite(n) || n < (def.min ?? 0) || (def.max !== undefined && n > def.max)) {
        const bounds = [def.min ? `at least ${formatDuration(def.min)}` : "", def.max !== undefined ? `at most ${formatDuration(def.max)}` : ""].filter(Boolean).join(", ");
        return bad(`a duration such as 500ms, 15s, 5m, 2h, 1d${bounds ? ` (${bounds})` : ""}`);
      }
      return { ok: true, value: n };
    }
    case "bytes": {
      const n = typeof raw === "number" ? raw : parseBytes(text);
      if (n === null || !Number.isFinite(n) || n <= 0) return bad("a size such as 65536, 64KiB, 1MiB");
      return { ok: true, value: n };
    }
    case "enum":
      return def.values!.includes(text) ? { ok: true, value: text } : bad(`one of ${def.values!.join(", ")}`);
    case "list": {
      const items = (Array.isArray(raw) ? raw.map(String) : text.split(",")).map((s) => s.trim()).filter(Boolean);
      return { ok: true, value: items };
    }
    case "listen": {
      const m = /^(\[[0-9a-fA-F:.]+\]|[^:\s]*):(\d{1,5})$/.exec(text.trim());
      const port = m ? Number(m[2]) : NaN;
      if (!m || port > 65535) return bad("host:port with a port from 0 to 65535, such as 127.0.0.1:8080");
      return { ok: true, value: text.trim() };
    }
    case "url": {
      try {
        const u = new URL(text);
        if (u.protocol !== "http:" && u.protocol !== "https:") return bad("an http:// or https:// URL");
        return { ok: true, value: text.replace(/\/+$/, "") };
      } catch {
        return bad("an http:// or https:// URL");
      }
    }
  }
}

function range(def: OptionDef): string {
  if (def.min !== undefined && def.max !== undefined) return ` from ${def.min} to ${def.max}`;
  if (def.min !== undefined) return ` of at least ${def.min}`;
  return "";
}
