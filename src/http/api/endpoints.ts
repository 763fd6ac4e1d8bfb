// /api/v1/app/{app_id}/endpoint — endpoint CRUD (Svix: endpoint.create/list/get/update/patch/delete).
// Secrets, headers, stats and recovery live in endpoint-actions.ts.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import type { EndpointFields, EndpointRow } from "../../store/endpoints";
import { checkDestinationUrl } from "../../delivery/net/url-check";
import { generateSecret } from "../../signing/standard-webhooks";
import { notFound, ValidationError } from "../errors";
import { route, reply, pageQuery, findApp, findEndpoint, type Call } from "./common";
import { bodyObject, has, str, nstr, int, bool, strList, strMap, UID_RE, CHANNEL_RE, SECRET_RE, type Obj } from "./validate";
import { endpointOut, listOut } from "./serialize";
import { checkHeaders } from "./endpoint-headers";
import { checkEndpointQuota } from "../limits";
import { countAppEndpoints } from "../../store/quotas";
import { OPERATIONAL_APP_UID, OPERATIONAL_EVENT_TYPES } from "../../ops/operational/operational-types";

const NONE = { parse: "none" as const };
const UID = { min: 1, max: 256, pattern: UID_RE, patternMsg: "may only contain a-z, A-Z, 0-9, '-', '_' and '.'" };

export function checkUrl(ctx: AppContext, url: string): string {
  const policy = { allowPrivate: ctx.config.allowPrivateDestinations, allowCidrs: ctx.config.allowDestination, httpsOnly: ctx.config.httpsOnlyDestinations };
  const r = checkDestinationUrl(url, policy);
  if (!r.ok) throw new ValidationError("url", r.message.replace(/^url: /, ""));
  return url.trim();
}

/** `eventTypes` (svix 2.x) and `filterTypes` (1.x) name the same list; errors name the one the client sent. */
export function filterTypesOf(c: Call, o: Obj, known?: readonly string[]): { value: string[] | null | undefined; field: string } {
  const field = has(o, "eventTypes") ? "eventTypes" : "filterTypes";
  const value = strList(o, field, { minItems: 1, max: 256, pattern: UID_RE });
  if (has(o, "eventTypes") && has(o, "filterTypes")) {
    // Both names for one list: which one wins would be a guess, so they must agree.
    const other = strList(o, "filterTypes", { minItems: 1, max: 256, pattern: UID_RE });
    const same = (value ?? null) === null ? other === null : other !== null && other !== undefined && sameSet(value!, other);
    if (!same) throw new ValidationError("eventTypes", "eventTypes and filterTypes are two names for the same list and differ here; send one of them");
  }
  if (value && known) {
    const missing = value.filter((t) => !known.includes(t));
    if (missing.length) throw new ValidationError(field, `unknown event type(s): ${missing.join(", ")}; operational events are ${known.join(", ")}`);
  } else if (value) {
    const missing = c.svc.eventTypes.missing(value);
    if (missing.length) throw new ValidationError(field, `unknown event type(s): ${missing.join(", ")}; create them first (POST /api/v1/event-type)`);
  }
  return { value, field };
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

export function secretOf(o: Obj, field = "secret"): string | undefined {
  const s = nstr(o, field, { pattern: SECRET_RE, patternMsg: "must be whsec_ followed by 32-100 base64 characters" });
  if (!s) return undefined;
  return s.startsWith("whsec_") ? s : `whsec_${s}`;
}

/** Event types an endpoint of this application may filter on, when not the catalogue's: the operational app's. */
export const eventTypesFor = (app: { uid: string | null }) => (app.uid === OPERATIONAL_APP_UID ? OPERATIONAL_EVENT_TYPES : undefined);

/**
 * EndpointIn / EndpointUpdate / EndpointPatch. With a base (PATCH), absent fields keep their value.
 * `known`: the event types filters may name instead of the catalogue's (eventTypesFor).
 */
export function endpointFields(c: Call, o: Obj, base: EndpointRow | null, known?: readonly string[]): EndpointFields {
  const url = str(o, "url", { required: !base, max: 65_536 });
  const throttle = has(o, "throttleRate") ? int(o, "throttleRate", { min: 1, max: 65535 }) : int(o, "rateLimit", { min: 1, max: 65535 });
  const retry = o.retrySchedule;
  if (retry !== undefined && retry !== null && (!Array.isArray(retry) || retry.length > 20 || !retry.every((n) => Number.isInteger(n) && n >= 0 && n <= 7 * 86400))) {
    throw new ValidationError("retrySchedule", "expected up to 20 delays in whole seconds (0 to 604800)");
  }
  const pick = <T>(v: T | undefined, old: T): T => (v !== undefined ? v : old);
  const headers = has(o, "headers") ? checkHeaders(strMap(o, "headers") ?? {}, "headers") : undefined;
  return {
    url: url !== undefined ? checkUrl(c.ctx, url) : base!.url,
    uid: pick(nstr(o, "uid", UID), base?.uid ?? null),
    description: pick(str(o, "description", { max: 10_000 }), base?.description ?? ""),
    version: pick(int(o, "version", { min: 1, max: 65535 }) ?? undefined, base?.version ?? 1),
    disabled: pick(bool(o, "disabled"), base?.disabled ?? false),
    throttleRate: pick(throttle, base?.throttleRate ?? null),
    maxInFlight: pick(int(o, "maxInFlight", { min: 1, max: 1000 }), base?.maxInFlight ?? null),
    timeoutMs: pick(int(o, "timeoutMs", { min: 100, max: 300_000 }), base?.timeoutMs ?? null),
    retrySchedule: pick(retry as number[] | null | undefined, base?.retrySchedule ?? null),
    filterTypes: pick(filterTypesOf(c, o, known).value, base?.filterTypes ?? null),
    channels: pick(strList(o, "channels", { minItems: 1, maxItems: 10, max: 128, pattern: CHANNEL_RE }), base?.channels ?? null),
    headers: pick(headers, base?.headers ?? {}),
    metadata: pick(strMap(o, "metadata") ?? undefined, base?.metadata ?? {}),
  };
}

export function endpointRoutes(ctx: AppContext) {
  return new Elysia()
    .get("/app/:app_id/endpoint", route(ctx, (c) => reply(200, listOut(c.svc.endpoints.list(findApp(c).id, pageQuery(c.query, "ascending")), endpointOut))))
    .post("/app/:app_id/endpoint", route(ctx, (c) => {
      const app = findApp(c);
      checkEndpointQuota(ctx, countAppEndpoints(ctx.store, app.id)); // 409 past --max-endpoints-per-app (src/http/limits.ts)
      const o = bodyObject(c.body);
      const f = endpointFields(c, o, null, eventTypesFor(app));
      return reply(201, endpointOut(c.svc.endpoints.create(app.id, f, secretOf(o) ?? generateSecret(), c.now)));
    }), NONE)
    .get("/app/:app_id/endpoint/:endpoint_id", route(ctx, (c) => reply(200, endpointOut(findEndpoint(c, findApp(c).id)))))
    .put("/app/:app_id/endpoint/:endpoint_id", route(ctx, (c) => {
      const app = findApp(c);
      const o = bodyObject(c.body);
      const cur = c.svc.endpoints.get(app.id, c.params.endpoint_id);
      if (cur) {
        // PUT replaces the document, but headers and the secret have their own routes and stay; so
        // does the uid the path addresses it by when the body has none (svix 2.x upsert sends none).
        const f = endpointFields(c, o, null, eventTypesFor(app));
        if (cur.uid === c.params.endpoint_id && !has(o, "uid")) f.uid = cur.uid;
        return reply(200, endpointOut(c.svc.endpoints.update(cur, { ...f, headers: cur.headers }, c.now)));
      }
      if (c.params.endpoint_id.startsWith("ep_")) throw notFound("Endpoint");
      checkEndpointQuota(ctx, countAppEndpoints(ctx.store, app.id)); // upsert creates: same quota
      const f = endpointFields(c, o, null, eventTypesFor(app));
      return reply(201, endpointOut(c.svc.endpoints.create(app.id, { ...f, uid: f.uid ?? c.params.endpoint_id }, generateSecret(), c.now)));
    }), NONE)
    .patch("/app/:app_id/endpoint/:endpoint_id", route(ctx, (c) => {
      const app = findApp(c);
      const cur = findEndpoint(c, app.id);
      const o = bodyObject(c.body);
      const updated = c.svc.endpoints.update(cur, endpointFields(c, o, cur, eventTypesFor(app)), c.now);
      const secret = secretOf(o);
      if (secret) c.svc.endpoints.rotate(updated, secret, ctx.config.secretRotationGrace, c.now);
      return reply(200, endpointOut(updated));
    }), NONE)
    .delete("/app/:app_id/endpoint/:endpoint_id", route(ctx, (c) => {
      c.svc.endpoints.delete(findEndpoint(c, findApp(c).id));
      return reply(204);
    }));
}
