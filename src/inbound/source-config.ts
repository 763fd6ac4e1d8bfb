// A source's provider config: validated by its verifier, sealed at rest, redacted in API output.
// Opening is cached by the sealed text, so the ingest hot path does not decrypt on every request.
import type { SecretBox } from "../lib/secret-box";
import { getVerifier } from "../signing/verifiers";
import type { SourceVerifier } from "../signing/verifiers";

const MAX_CACHE = 1000;

export class SourceConfigs {
  private cache = new Map<string, Record<string, unknown>>();
  constructor(private box: SecretBox) {}

  seal(config: Record<string, unknown>): string {
    return this.box.seal(JSON.stringify(config));
  }

  /** Null when the sealed text cannot be opened (encryption key changed, row edited by hand). */
  open(sealed: string): Record<string, unknown> | null {
    const hit = this.cache.get(sealed);
    if (hit) return hit;
    let config: Record<string, unknown>;
    try { config = JSON.parse(this.box.open(sealed)); } catch { return null; }
    if (this.cache.size >= MAX_CACHE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(sealed, config);
    return config;
  }
}

/** The config as the API shows it: secret fields left out (Svix's *ConfigOut models have none of them). */
export function redactConfig(verifier: SourceVerifier | undefined, config: Record<string, unknown> | null): Record<string, unknown> {
  if (!config) return {};
  const hidden = new Set(verifier?.secretFields ?? []);
  return Object.fromEntries(Object.entries(config).filter(([k]) => !hidden.has(k)));
}

export { getVerifier };
