// Wraps a verifier definition so that the public methods validate config and can never throw.
import { type ConfigSpec, type FieldError, parseConfig } from "./config.ts";
import type { ConfigResult, HandshakeResponse, InboundRequest, SourceVerifier, VerifyResult } from "./types.ts";

export interface VerifierDefinition<C> {
  type: string;
  secretFields: string[];
  fields: ConfigSpec;
  /** Cross-field rules that a per-field spec cannot express. */
  refine?(config: C): FieldError | null;
  verify(req: InboundRequest, config: C, nowMs: number): VerifyResult;
  handshake?(req: InboundRequest, config: C, nowMs?: number): HandshakeResponse | null;
  /** Where the sender puts the credential itself, for schemes that send a secret rather than a signature. */
  credentialHeaders?(config: C): string[];
  credentialQuery?(config: C): string[];
}

/** Prefix of the reason returned when a verifier threw; the property tests assert it never appears. */
export const INTERNAL_ERROR_REASON = "internal verifier error";

export function defineVerifier<C>(def: VerifierDefinition<C>): SourceVerifier {
  const validateConfig = (config: unknown): ConfigResult => {
    try {
      const parsed = parseConfig(config, def.fields);
      if (!parsed.ok || !def.refine) return parsed;
      const problem = def.refine(parsed.config as C);
      return problem ? { ok: false, ...problem } : parsed;
    } catch {
      return { ok: false, field: "config", message: "could not be read" };
    }
  };

  const names = (pick: ((config: C) => string[]) | undefined) => (config: Record<string, unknown>): string[] => {
    if (!pick) return [];
    try {
      const parsed = validateConfig(config);
      return parsed.ok ? pick(parsed.config as C) : [];
    } catch {
      return [];
    }
  };

  const verifier: SourceVerifier = {
    type: def.type,
    secretFields: def.secretFields,
    validateConfig,
    credentialHeaders: names(def.credentialHeaders),
    credentialQuery: names(def.credentialQuery),
    // Config is re-validated per request: stored configs may predate a rule, and garbage must not reach the crypto.
    verify(req, config, nowMs) {
      try {
        const parsed = validateConfig(config);
        if (!parsed.ok) return { ok: false, reason: `invalid source config: ${parsed.field} ${parsed.message}` };
        if (!Number.isFinite(nowMs)) return { ok: false, reason: "invalid clock value" };
        return def.verify(req, parsed.config as C, nowMs);
      } catch (err) {
        return { ok: false, reason: `${INTERNAL_ERROR_REASON}: ${err instanceof Error ? err.message : String(err)}` };
      }
    },
  };
  if (def.handshake) {
    const handshake = def.handshake;
    verifier.handshake = (req, config, nowMs) => {
      try {
        const parsed = validateConfig(config);
        return parsed.ok ? handshake(req, parsed.config as C, nowMs) : null;
      } catch {
        return null;
      }
    };
  }
  return verifier;
}
