/**
 * @module delivery/net
 *
 * Owns every outgoing HTTP connection hookrelay makes to user-supplied URLs (deliveries,
 * forwards, replays, test sends) and the SSRF policy that guards them: which addresses
 * are reachable, URL validation at save time, and the pinned, bounded, never-throwing
 * sender used at send time. Nothing else in src/ should call fetch() on a user URL.
 * This module is a leaf: it must not import store/, http/ or relay/.
 */
export {
  checkAddress,
  classifyAddress,
  isValidCidr,
  type AddressCheck,
  type AddressRange,
  type BlockedRange,
  type Classification,
  type DestinationPolicy,
} from "./address-policy.ts";
export { checkDestinationUrl, type UrlCheck } from "./url-check.ts";
export {
  createSender,
  failedSend,
  systemResolver,
  type Resolver,
  type SendRequest,
  type SendResult,
  type SenderOptions,
  type Transport,
  type TransportInit,
} from "./http-sender.ts";
export type { ErrorClass } from "./error-class.ts";
export { CancelGroup, Cancelled } from "./cancel-group.ts";
