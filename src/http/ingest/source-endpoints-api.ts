// Svix Ingest-compatible source endpoints: /ingest/api/v1/source/{id}/endpoint[...]. Each accepted request
// of the source is forwarded to every enabled endpoint whose `filter` (hookrelay extension) matches, by the
// same delivery engine as outbound messages.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { inboundOf } from "../../inbound/service";
import { validateFilter } from "../../inbound/filter";
import { HOP_BY_HOP } from "../../inbound/http-headers";
import { checkDestinationUrl } from "../../delivery/net";
import { decodeSecret, generateSecret } from "../../signing/standard-webhooks";
import type { SourceEndpointFields, SourceEndpointRow } from "../../store/source-endpoints";
import { ApiError, ValidationError, notFound } from "../errors";
import { sourceOr404 } from "./sources-api";
import { idempotent } from "./idempotent";
import { asBody, conflictFrom, iso, optBool, optInt, optString, optUid, pageQuery, reqString, stringMap, type Body } from "./validate";

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const RESERVED = new Set(["webhook-id", "webhook-timestamp", "webhook-signature", "content-type", "user-agent"]);
const SENSITIVE = /^(authorization|proxy-authorization|cookie)$|secret|token|api[-_]?key|password/i;

export function endpointOut(e: SourceEndpointRow) {
  return {
    id: e.id, uid: e.uid, url: e.url, description: e.description, disabled: e.disabled, metadata: e.metadata,
    rateLimit: e.throttleRate, throttleRate: e.throttleRate, filter: e.filter, createdAt: iso(e.createdAt), updatedAt: iso(e.updatedAt),
  };
}

export function checkSecret(v: unknown, field: string): string {
  const key = typeof v === "string" ? decodeSecret(v) : null;
  if (!key || key.length < 24 || key.length > 64) throw new ValidationError(field, "must be whsec_ followed by base64 of 24 to 64 bytes");
  return v as string;
}

function checkHeaders(h: Record<string, string>, field = "headers"): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    const n = k.toLowerCase();
    if (!HEADER_NAME.test(k)) throw new ValidationError(`${field}.${k}`, "is not a valid header name");
    if (HOP_BY_HOP.has(n) || RESERVED.has(n)) throw new ValidationError(`${field}.${k}`, "is set by hookrelay and cannot be overridden");
    if (/[\r\n\0]/.test(v)) throw new ValidationError(`${field}.${k}`, "must not contain line breaks");
    out[k] = v;
  }
  return out;
}

function readEndpoint(ctx: AppContext, b: Body, cur: SourceEndpointRow | null): SourceEndpointFields {
  const url = reqString(b, "url", 2048);
  const check = checkDestinationUrl(url, { allowPrivate: ctx.config.allowPrivateDestinations, allowCidrs: ctx.config.allowDestination, httpsOnly: ctx.config.httpsOnlyDestinations });
  if (!check.ok) throw new ValidationError("url", check.message.replace(/^url: /, ""));
  let filter = cur?.filter ?? null;
  if ("filter" in b) {
    if (b.filter === null) filter = null;
    else {
      const f = validateFilter(b.filter);
      if (!f.ok) throw new ValidationError(f.path, f.message);
      filter = f.filter;
    }
  }
  // Svix has both names for the same limit; throttleRate wins when both are sent.
  const rate = optInt(b, "throttleRate", 1, 100_000) ?? optInt(b, "rateLimit", 1, 100_000);
  const headers = stringMap(b, "headers");
  return {
    url: url.trim(),
    uid: optUid(b) ?? null,
    description: optString(b, "description", 1024) ?? "",
    disabled: optBool(b, "disabled") ?? false,
    throttleRate: rate === undefined ? null : rate,
    headers: headers ? checkHeaders(headers) : cur?.headers ?? {},
    filter,
    metadata: stringMap(b, "metadata") ?? {},
  };
}

export function sourceEndpointsApi(ctx: AppContext) {
  const svc = inboundOf(ctx);
  const endpointOr404 = (sourceId: string, endpointId: string) => {
    const s = sourceOr404(ctx, sourceId);
    const e = svc.endpoints.get(s.id, endpointId);
    if (!e) throw notFound("Endpoint");
    return e;
  };
  const base = "/source/:sourceId/endpoint";
  return new Elysia()
    .get(base, ({ params, query }) => {
      const s = sourceOr404(ctx, params.sourceId);
      const page = svc.endpoints.list(s.id, pageQuery(query));
      return { ...page, data: page.data.map(endpointOut) };
    })
    .post(base, idempotent(ctx, ({ params, body, set }: { params: { sourceId: string }; body: unknown; set: { status?: number | string }; request: Request }) => {
      const s = sourceOr404(ctx, params.sourceId);
      const b = asBody(body);
      const fields = readEndpoint(ctx, b, null);
      const secret = b.secret === undefined || b.secret === null ? generateSecret() : checkSecret(b.secret, "secret");
      try {
        const e = svc.endpoints.create(s.id, fields, secret, ctx.clock.now());
        set.status = 201;
        return endpointOut(e);
      } catch (err) { return conflictFrom(err); }
    }))
    .get(`${base}/:endpointId`, ({ params }) => endpointOut(endpointOr404(params.sourceId, params.endpointId)))
    .put(`${base}/:endpointId`, ({ params, body }) => {
      const cur = endpointOr404(params.sourceId, params.endpointId);
      try { return endpointOut(svc.endpoints.update(cur, readEndpoint(ctx, asBody(body), cur), ctx.clock.now())); } catch (e) { return conflictFrom(e); }
    })
    .delete(`${base}/:endpointId`, ({ params, set }) => {
      svc.endpoints.delete(endpointOr404(params.sourceId, params.endpointId));
      set.status = 204;
      return "";
    })
    .get(`${base}/:endpointId/secret`, ({ params }) => ({ key: svc.endpoints.secret(endpointOr404(params.sourceId, params.endpointId)) }))
    .post(`${base}/:endpointId/secret/rotate`, ({ params, body, set }) => {
      const e = endpointOr404(params.sourceId, params.endpointId);
      const b = asBody(body);
      const next = b.key === undefined || b.key === null ? generateSecret() : checkSecret(b.key, "key");
      svc.endpoints.rotate(e, next, ctx.config.secretRotationGrace, ctx.clock.now());
      set.status = 204;
      return "";
    })
    .get(`${base}/:endpointId/headers`, ({ params }) => {
      const e = endpointOr404(params.sourceId, params.endpointId);
      const headers: Record<string, string> = {};
      const sensitive: string[] = [];
      for (const [k, v] of Object.entries(e.headers)) if (SENSITIVE.test(k)) sensitive.push(k); else headers[k] = v;
      return { headers, sensitive };
    })
    .put(`${base}/:endpointId/headers`, ({ params, body, set }) => {
      const e = endpointOr404(params.sourceId, params.endpointId);
      const headers = stringMap(asBody(body), "headers");
      if (!headers) throw new ValidationError("headers", "is required");
      svc.endpoints.setHeaders(e, checkHeaders(headers), ctx.clock.now());
      set.status = 204;
      return "";
    })
    .get(`${base}/:endpointId/transformation`, ({ params }) => {
      endpointOr404(params.sourceId, params.endpointId);
      return { code: null, enabled: false };
    })
    .patch(`${base}/:endpointId/transformation`, ({ params, body, set }) => {
      endpointOr404(params.sourceId, params.endpointId);
      const b = asBody(body);
      if (b.enabled === true || (typeof b.code === "string" && b.code.trim())) {
        throw new ApiError(422, "unsupported", "Transformations are not supported by hookrelay; use a filter to select requests per endpoint");
      }
      set.status = 204;
      return "";
    });
}
