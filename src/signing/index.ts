// The signing module owns webhook cryptography and nothing else: Standard Webhooks signing for outbound
// deliveries, per-provider verification of inbound requests, and IP allowlist matching. It is pure code:
// no database, no HTTP server, no clock (callers pass `nowMs`), so every rule here is unit-testable.
export { generateSecret, signPayload, verifyStandardWebhook, decodeSecret } from "./standard-webhooks.ts";
export type { SignInput, VerifyInput } from "./standard-webhooks.ts";
export { getVerifier, listVerifierTypes } from "./verifiers/index.ts";
export type { ConfigResult, HandshakeResponse, InboundRequest, SourceVerifier, VerifyResult } from "./verifiers/index.ts";
export { ipAllowed, isValidCidr } from "./ip-allowlist.ts";
