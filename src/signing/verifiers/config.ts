// Declarative config checking, so each verifier states its fields instead of hand-parsing unknown input.
import type { ConfigResult } from "./types.ts";

interface Common {
  required?: boolean;
}
export type FieldSpec = Common &
  (
    | { kind: "string"; default?: string; check?: (value: string) => string | null }
    | { kind: "integer"; default?: number; min?: number; max?: number }
    | { kind: "enum"; values: readonly string[]; default?: string }
  );
export type ConfigSpec = Record<string, FieldSpec>;
export type FieldError = { field: string; message: string };

function readField(name: string, spec: FieldSpec, raw: unknown): { value?: unknown; error?: FieldError } {
  // svix models optional fields as `?: T | null`, so null and "" both mean "not set".
  if (raw === undefined || raw === null || raw === "") {
    if (spec.required) return { error: { field: name, message: "is required" } };
    return { value: spec.default };
  }
  switch (spec.kind) {
    case "string": {
      if (typeof raw !== "string") return { error: { field: name, message: "must be a string" } };
      const problem = spec.check?.(raw);
      return problem ? { error: { field: name, message: problem } } : { value: raw };
    }
    case "integer": {
      if (typeof raw !== "number" || !Number.isSafeInteger(raw)) return { error: { field: name, message: "must be an integer" } };
      if (spec.min !== undefined && raw < spec.min) return { error: { field: name, message: `must be at least ${spec.min}` } };
      if (spec.max !== undefined && raw > spec.max) return { error: { field: name, message: `must be at most ${spec.max}` } };
      return { value: raw };
    }
    case "enum": {
      if (typeof raw !== "string" || !spec.values.includes(raw)) {
        return { error: { field: name, message: `must be one of ${spec.values.join(", ")}` } };
      }
      return { value: raw };
    }
  }
}

/**
 * Checks `config` against `spec`. An unknown key is refused, not dropped: it is nearly always a typo
 * (`query` for `queryParam`) that would otherwise leave the source checking something else than meant.
 */
export function parseConfig(config: unknown, spec: ConfigSpec): ConfigResult {
  if (config === undefined || config === null) config = {};
  if (typeof config !== "object" || Array.isArray(config)) {
    return { ok: false, field: "config", message: "must be a JSON object" };
  }
  const input = config as Record<string, unknown>;
  for (const name of Object.keys(input)) {
    if (!Object.hasOwn(spec, name)) {
      const known = Object.keys(spec);
      return { ok: false, field: name, message: known.length ? `is not a field of this source type (its fields: ${known.join(", ")})` : "is not a field of this source type (it takes none)" };
    }
  }
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(spec)) {
    const { value, error } = readField(name, field, Object.hasOwn(input, name) ? input[name] : undefined);
    if (error) return { ok: false, ...error };
    if (value !== undefined) out[name] = value;
  }
  return { ok: true, config: out };
}

export const SECRET_FIELD: FieldSpec = { kind: "string", required: true };
export const OPTIONAL_SECRET_FIELD: FieldSpec = { kind: "string" };
