// hookrelay extension `api-key`: a static key in a header (optionally after a prefix such as
// `Bearer `) or in a query parameter, for senders that cannot sign at all.
import { OK, fail, tokenMatches } from "./common.ts";
import { defineVerifier } from "./define.ts";

type ApiKeyConfig = { key: string; header?: string; queryParam?: string; prefix: string };

export const apiKey = defineVerifier<ApiKeyConfig>({
  type: "api-key",
  secretFields: ["key"],
  fields: {
    key: { kind: "string", required: true },
    header: { kind: "string", check: (v) => (/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(v) ? null : "must be a valid HTTP header name") },
    queryParam: { kind: "string" },
    prefix: { kind: "string", default: "" },
  },
  refine(config) {
    if (config.header !== undefined && config.queryParam !== undefined) {
      return { field: "queryParam", message: "cannot be set together with header" };
    }
    if (config.queryParam !== undefined && config.prefix !== "") {
      return { field: "prefix", message: "applies to header keys only" };
    }
    return null;
  },
  // The key travels as is, so wherever it is read from is dropped once checked.
  credentialHeaders: (config) => (config.queryParam !== undefined ? [] : [config.header ?? "X-API-Key"]),
  credentialQuery: (config) => (config.queryParam !== undefined ? [config.queryParam] : []),
  verify(req, config) {
    if (config.queryParam !== undefined) {
      const value = req.query.get(config.queryParam);
      if (value === null) return fail(`missing ${config.queryParam} query parameter`);
      return tokenMatches(value, config.key) ? OK : fail("wrong API key");
    }
    const header = config.header ?? "X-API-Key";
    const value = req.headers.get(header);
    if (value === null) return fail(`missing ${header} header`);
    // Auth schemes such as "Bearer" are case-insensitive (RFC 9110 §11.1).
    if (value.slice(0, config.prefix.length).toLowerCase() !== config.prefix.toLowerCase()) {
      return fail(`malformed ${header} header: expected ${config.prefix}<key>`);
    }
    return tokenMatches(value.slice(config.prefix.length), config.key) ? OK : fail("wrong API key");
  },
});
