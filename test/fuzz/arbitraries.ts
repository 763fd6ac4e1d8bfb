// Shared fast-check generators for the HTTP fuzz tests: JSON that looks enough like our API's input
// to get past the first check, raw bytes, header sets and URL pieces.
import fc from "fast-check";

const FIELDS = [
  "name", "uid", "url", "eventType", "payload", "eventId", "channels", "tags", "deliverAt", "payloadRetentionPeriod",
  "payloadRetentionHours", "application", "secret", "key", "gracePeriodSeconds", "filterTypes", "eventTypes", "headers",
  "metadata", "rateLimit", "throttleRate", "timeoutMs", "maxInFlight", "retrySchedule", "disabled", "version", "description",
  "since", "until", "type", "config", "schemas", "archived", "response", "dedupe", "ipAllowlist", "filter", "status",
];

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const tricky = fc.constantFrom(
  "", " ", "0", "-1", "1e309", "NaN", "null", "true", "__proto__", "constructor", "whsec_", "whsec_AAAA", "http://127.0.0.1/",
  "https://[::1]/x", "http://user:pw@example.com/", "javascript:alert(1)", "a".repeat(300), "\u0000", "\ud800", "💥", "../../etc/passwd",
  "2026-01-01T00:00:00Z", "9999-99-99", "%00", "${x}", "{{x}}",
);
const scalar = fc.oneof(tricky, printable, fc.string({ maxLength: 30 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, fc.array(tie("v"), { maxLength: 4 }), fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), printable), tie("v"), { maxKeys: 4 })),
})).v;

/** An object with some of our real field names, holding anything. */
export const apiObject = fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), printable), value, { maxKeys: 8 });
/** Any JSON document, objects with our field names most of the time. */
export const jsonBody = fc.oneof({ weight: 4, arbitrary: apiObject }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) });
export const rawBytes = fc.uint8Array({ maxLength: 512 });
export const contentType = fc.constantFrom("application/json", "application/x-www-form-urlencoded", "text/plain", "application/octet-stream", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "", "application/xml");
/** A path segment: ids, uids, junk, encoded junk. */
export const segment = fc.oneof(
  fc.oneof(tricky, printable, fc.constantFrom("app_", "ep_", "msg_", "src_", "-1", "..")).map((s) => encodeURIComponent(s.toWellFormed()) || "x"),
  // Raw, already-escaped or broken escapes: the route's own decoding must cope.
  fc.constantFrom("%", "%zz", "%00", "%2F", "%ff%fe", "%E2%82", "a%20b"),
);
export const queryString = fc.dictionary(
  fc.constantFrom("limit", "iterator", "order", "before", "after", "event_types", "channel", "tag", "status", "with_content", "get_if_exists", "endpoint_id", "since", "until", "action", "actor", "status_code_class"),
  fc.oneof(tricky, printable, fc.integer().map(String)),
  { maxKeys: 5 },
).map((q) => new URLSearchParams(q as Record<string, string>).toString());

const HEADER_NAMES = [
  "idempotency-key", "x-hub-signature-256", "x-hub-signature", "stripe-signature", "webhook-id", "webhook-timestamp", "webhook-signature",
  "svix-id", "svix-timestamp", "svix-signature", "x-slack-signature", "x-slack-request-timestamp", "x-shopify-hmac-sha256",
  "x-forwarded-for", "authorization", "x-api-key", "x-github-event", "content-encoding", "accept", "hx-request", "cookie",
];
const headerValue = fc.oneof(tricky, printable, fc.uint8Array({ maxLength: 48 }).map((b) => Buffer.from(b).toString("base64")), fc.constantFrom("t=1,v1=abc", "v1,AAAA", "sha256=00", "Basic Og==", "Bearer x"))
  .map((v) => v.replace(/[^\x20-\x7e]/g, "").trim());
export const headers = fc.dictionary(fc.oneof(fc.constantFrom(...HEADER_NAMES), fc.stringMatching(/^x-[a-z0-9-]{1,15}$/)), headerValue, { maxKeys: 6 });
export const method = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
