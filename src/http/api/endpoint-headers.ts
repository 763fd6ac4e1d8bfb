// Custom headers an endpoint's deliveries carry (Svix: endpoint.getHeaders/updateHeaders/patchHeaders).
// Values of credential-like headers are never returned, only their names (`sensitive`).
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { ValidationError } from "../errors";
import { route, reply, findApp, findEndpoint } from "./common";
import { bodyObject, strMap, strList, HEADER_NAME_RE } from "./validate";

const NONE = { parse: "none" as const };
const SENSITIVE = new Set(["authorization", "proxy-authorization", "x-auth-token", "www-authenticate", "proxy-authenticate", "x-api-key", "cookie"]);
// Headers the sender owns: framing, signing and identity must stay ours.
const RESERVED = /^(host|content-length|content-type|transfer-encoding|connection|keep-alive|upgrade|te|trailer|expect|user-agent|proxy-.*|webhook-.*|svix-.*)$/;

/** Validates names and values and lower-cases the names. */
export function checkHeaders(h: Record<string, string>, field: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(h)) {
    const n = name.toLowerCase();
    if (!HEADER_NAME_RE.test(n)) throw new ValidationError(`${field}.${name}`, "is not a valid header name");
    if (RESERVED.test(n)) throw new ValidationError(`${field}.${name}`, "is set by hookrelay and cannot be overridden");
    if (/[\r\n\0]/.test(value) || value.length > 4096) throw new ValidationError(`${field}.${name}`, "must be at most 4096 characters without line breaks");
    out[n] = value;
  }
  return out;
}

/** EndpointHeadersOut: credential-like headers by name only. */
export function headersOut(ep: { headers: Record<string, string> }): { headers: Record<string, string>; sensitive: string[] } {
  const headers: Record<string, string> = {};
  const sensitive: string[] = [];
  for (const [k, v] of Object.entries(ep.headers)) {
    if (SENSITIVE.has(k)) sensitive.push(k);
    else headers[k] = v;
  }
  return { headers, sensitive };
}

export function endpointHeaderRoutes(ctx: AppContext) {
  const base = "/app/:app_id/endpoint/:endpoint_id/headers";
  return new Elysia()
    .get(base, route(ctx, (c) => reply(200, headersOut(findEndpoint(c, findApp(c).id)))))
    .put(base, route(ctx, (c) => {
      const ep = findEndpoint(c, findApp(c).id);
      const o = bodyObject(c.body);
      const h = strMap(o, "headers");
      if (!h) throw new ValidationError("headers", "field required");
      c.svc.endpoints.setHeaders(ep, checkHeaders(h, "headers"), c.now);
      return reply(204);
    }), NONE)
    .patch(base, route(ctx, (c) => {
      const ep = findEndpoint(c, findApp(c).id);
      const o = bodyObject(c.body);
      // Older clients delete with a null value; newer ones list names in deleteHeaders.
      const raw = (o.headers ?? {}) as Record<string, unknown>;
      if (typeof raw !== "object" || Array.isArray(raw)) throw new ValidationError("headers", "expected an object");
      const removed = new Set((strList(o, "deleteHeaders") ?? []).map((n) => n.toLowerCase()));
      const set: Record<string, string> = {};
      for (const [k, v] of Object.entries(raw)) {
        if (v === null) removed.add(k.toLowerCase());
        else set[k] = v as string;
      }
      const next = { ...ep.headers, ...checkHeaders(strMap({ headers: set }, "headers")!, "headers") };
      for (const k of removed) delete next[k];
      c.svc.endpoints.setHeaders(ep, next, c.now);
      return reply(204);
    }), NONE);
}
