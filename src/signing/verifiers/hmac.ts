// hookrelay extension `hmac`: a configurable HMAC check for providers without a dedicated type.
// The template covers the common signed-content shapes: `{body}`, `{timestamp}.{body}`,
// `v0:{timestamp}:{body}`, `{header:webhook-id}.{timestamp}.{body}`, `{method}{path}{body}`.
import { type ByteInput, type Encoding, type HashAlgorithm, decodeBase64, parseTimestamp } from "../crypto-utils.ts";
import { MISMATCH, OK, fail, hmacMatches, missingHeader, stripPrefix, timestampProblem } from "./common.ts";
import type { FieldError } from "./config.ts";
import { defineVerifier } from "./define.ts";
import type { InboundRequest } from "./types.ts";

type HmacConfig = {
  secret: string;
  secretEncoding: "utf8" | "base64" | "hex";
  header: string;
  algorithm: HashAlgorithm;
  encoding: Encoding;
  prefix: string;
  separator?: string;
  template: string;
  timestampHeader?: string;
  timestampUnit: "s" | "ms";
  toleranceSeconds: number;
};

const PLACEHOLDER = /\{(body|timestamp|method|path|header:[^{}]+)\}/g;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function checkHeaderName(value: string): string | null {
  return HEADER_NAME.test(value) ? null : "must be a valid HTTP header name";
}

function refine(config: HmacConfig): FieldError | null {
  const bodies = config.template.match(/\{body\}/g)?.length ?? 0;
  if (bodies !== 1) return { field: "template", message: "must contain {body} exactly once" };
  const leftovers = config.template.replace(PLACEHOLDER, "").match(/\{[^{}]*\}/);
  if (leftovers) return { field: "template", message: `has an unknown placeholder ${leftovers[0]}` };
  for (const match of config.template.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (name.startsWith("header:") && checkHeaderName(name.slice(7))) {
      return { field: "template", message: `names an invalid header in ${match[0]}` };
    }
  }
  const signsTimestamp = config.template.includes("{timestamp}");
  // An unsigned timestamp header proves nothing (anyone can change it), so refuse the false comfort.
  if (signsTimestamp !== (config.timestampHeader !== undefined)) {
    return { field: "timestampHeader", message: "must be set exactly when the template contains {timestamp}" };
  }
  if (config.secretEncoding !== "utf8" && keyBytes(config) === null) {
    return { field: "secret", message: `is not valid ${config.secretEncoding}` };
  }
  return null;
}

function keyBytes(config: HmacConfig): ByteInput | null {
  if (config.secretEncoding === "base64") return decodeBase64(config.secret);
  if (config.secretEncoding === "hex") {
    return /^(?:[0-9a-fA-F]{2})+$/.test(config.secret) ? Buffer.from(config.secret, "hex") : null;
  }
  return config.secret;
}

/** The signed content as byte parts; a string when a header the template needs is missing. */
function render(config: HmacConfig, req: InboundRequest, timestamp: string): ByteInput[] | string {
  const parts: ByteInput[] = [];
  let last = 0;
  for (const match of config.template.matchAll(PLACEHOLDER)) {
    parts.push(config.template.slice(last, match.index));
    last = match.index + match[0].length;
    const name = match[1];
    if (name === "body") parts.push(req.rawBody);
    else if (name === "timestamp") parts.push(timestamp);
    else if (name === "method") parts.push(req.method.toUpperCase());
    else if (name === "path") parts.push(req.path);
    else {
      const value = req.headers.get(name.slice(7));
      if (value === null) return name.slice(7);
      parts.push(value);
    }
  }
  parts.push(config.template.slice(last));
  return parts;
}

export const hmac = defineVerifier<HmacConfig>({
  type: "hmac",
  secretFields: ["secret"],
  fields: {
    secret: { kind: "string", required: true },
    secretEncoding: { kind: "enum", values: ["utf8", "base64", "hex"], default: "utf8" },
    header: { kind: "string", required: true, check: checkHeaderName },
    algorithm: { kind: "enum", values: ["sha1", "sha256", "sha512"], default: "sha256" },
    encoding: { kind: "enum", values: ["hex", "base64"], default: "hex" },
    prefix: { kind: "string", default: "" },
    separator: { kind: "string" },
    template: { kind: "string", default: "{body}" },
    timestampHeader: { kind: "string", check: checkHeaderName },
    timestampUnit: { kind: "enum", values: ["s", "ms"], default: "s" },
    toleranceSeconds: { kind: "integer", min: 0, max: 7 * 24 * 3600, default: 300 },
  },
  refine,
  verify(req, config, nowMs) {
    const header = req.headers.get(config.header);
    if (header === null) return missingHeader(config.header);
    let timestamp = "";
    if (config.timestampHeader) {
      const raw = req.headers.get(config.timestampHeader);
      if (raw === null) return missingHeader(config.timestampHeader);
      const value = parseTimestamp(raw);
      if (value === null) return fail(`malformed ${config.timestampHeader} header`);
      if (config.toleranceSeconds > 0) {
        const stale = timestampProblem(config.timestampUnit === "ms" ? value : value * 1000, nowMs, config.toleranceSeconds);
        if (stale) return stale;
      }
      timestamp = raw;
    }
    const entries = config.separator ? header.split(config.separator) : [header];
    const candidates = entries.map((entry) => stripPrefix(entry.trim(), config.prefix)).filter((c) => c !== null);
    if (candidates.length === 0) return fail(`malformed ${config.header} header: expected ${config.prefix}<signature>`);
    const content = render(config, req, timestamp);
    if (typeof content === "string") return missingHeader(content);
    const key = keyBytes(config);
    if (key === null) return fail("secret cannot be decoded");
    const ok = hmacMatches({ algorithm: config.algorithm, encoding: config.encoding, key, content, candidates });
    return ok ? OK : MISMATCH;
  },
});
