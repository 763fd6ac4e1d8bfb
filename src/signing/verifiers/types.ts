// The contract between inbound source types and the ingest route.

export interface InboundRequest {
  method: string;
  /** Path as received, without the query string. */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  /** Exact bytes received: signatures are computed over these, never over re-serialised JSON. */
  rawBody: Uint8Array;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

export type ConfigResult =
  | { ok: true; config: Record<string, unknown> }
  | { ok: false; field: string; message: string };

export interface HandshakeResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface SourceVerifier {
  /** The svix ingest source `type` string (or a hookrelay extension such as `hmac`). */
  type: string;
  /** Config keys that are secrets: encrypt at rest, redact in output. */
  secretFields: string[];
  /** Normalises a config (defaults filled) or names the first bad field, unknown keys included. */
  validateConfig(config: unknown): ConfigResult;
  /**
   * Headers that carry the source's own credential (a password, an API key, a bearer token), as opposed
   * to a signature over the request. They are checked, then dropped: never stored, shown or forwarded.
   * Empty for signing schemes and for a config that does not validate. Never throws.
   */
  credentialHeaders(config: Record<string, unknown>): string[];
  /** Query parameters that carry the credential, dropped like `credentialHeaders`. Never throws. */
  credentialQuery(config: Record<string, unknown>): string[];
  /** Never throws: bad headers, bodies or configs all come back as `{ ok: false, reason }`. */
  verify(req: InboundRequest, config: Record<string, unknown>, nowMs: number): VerifyResult;
  /**
   * A provider's endpoint-ownership challenge (Slack url_verification, Zoom url_validation, Meta
   * hub.challenge). Call it before `verify`: a non-null answer is sent as is and nothing is ingested.
   * Handshakes the provider signs are answered only when their signature checks out; pass `nowMs`
   * so the timestamp is checked too. Never throws.
   */
  handshake?(req: InboundRequest, config: Record<string, unknown>, nowMs?: number): HandshakeResponse | null;
}
