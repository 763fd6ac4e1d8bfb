// A source's own credential (basic-auth password, API key, bearer token) is checked at ingest and then
// dropped before the request is stored, so it can never be shown, returned by the API, forwarded,
// streamed or replayed. Signatures are not credentials: they prove one request and travel on.
import type { SourceVerifier } from "../signing/verifiers";

export interface CredentialNames {
  headers: string[];
  query: string[];
}

export function credentialNames(verifier: SourceVerifier | undefined, config: Record<string, unknown> | null): CredentialNames {
  if (!verifier || !config) return { headers: [], query: [] };
  return { headers: verifier.credentialHeaders(config), query: verifier.credentialQuery(config) };
}

/** Query parameter name as URLSearchParams decodes it (`+` is a space); the raw text when malformed. */
function paramName(part: string): string {
  const raw = part.split("=", 1)[0].replace(/\+/g, " ");
  try { return decodeURIComponent(raw); } catch { return raw; }
}

/**
 * The headers and raw query string without the credential. Header names match case-insensitively,
 * query names exactly (as the verifier reads them); every other query part keeps its exact bytes.
 */
export function withoutCredentials(names: CredentialNames, headers: [string, string][], query: string): { headers: [string, string][]; query: string } {
  if (!names.headers.length && !names.query.length) return { headers, query };
  const hidden = new Set(names.headers.map((h) => h.toLowerCase()));
  const kept = hidden.size ? headers.filter(([k]) => !hidden.has(k.toLowerCase())) : headers;
  const params = new Set(names.query);
  const q = params.size && query ? query.split("&").filter((part) => !params.has(paramName(part))).join("&") : query;
  return { headers: kept, query: q };
}

/** How the UI names what was dropped: "the Authorization header", "the key query parameter". */
export function describeCredentials(names: CredentialNames): string[] {
  return [...names.headers.map((h) => `the ${h} header`), ...names.query.map((q) => `the ${q} query parameter`)];
}
