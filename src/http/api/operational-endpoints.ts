/**
 * /api/v1/operational-webhook/endpoint — Svix's operationalWebhookEndpoint API. hookrelay's
 * operational events are messages of the built-in application `hookrelay-operational`
 * (src/ops/operational), so these routes are that application's endpoints in Svix's shape: the same
 * checks, secrets, headers and delivery as any endpoint, with filters over the operational event types.
 */
import { Elysia } from "elysia";
import { iso } from "./serialize";
import type { AppContext } from "../../app-context";
import type { EndpointRow } from "../../store/endpoints";
import { createOperationalApp, operationalAppId } from "../../ops/operational/operational-app";
import { OPERATIONAL_EVENT_TYPES } from "../../ops/operational/operational-types";
import { generateSecret } from "../../signing/standard-webhooks";
import { notFound, ValidationError } from "../errors";
import { route, reply, pageQuery, type Call } from "./common";
import { bodyObject, strMap } from "./validate";
import { endpointFields, secretOf } from "./endpoints";
import { checkHeaders, headersOut } from "./endpoint-headers";
import { checkEndpointQuota } from "../limits";
import { countAppEndpoints } from "../../store/quotas";

const NONE = { parse: "none" as const };

/** OperationalWebhookEndpointOut. */
const operationalEndpointOut = (e: EndpointRow) => ({
  id: e.id,
  uid: e.uid,
  url: e.url,
  description: e.description,
  disabled: e.disabled,
  filterTypes: e.filterTypes,
  rateLimit: e.throttleRate,
  throttleRate: e.throttleRate,
  metadata: e.metadata,
  createdAt: iso(e.createdAt),
  updatedAt: iso(e.updatedAt),
});

function find(c: Call): EndpointRow {
  const appId = operationalAppId(c.ctx);
  const ep = appId ? c.svc.endpoints.get(appId, c.params.endpoint_id) : null;
  if (!ep) throw notFound("Endpoint");
  return ep;
}

export function operationalEndpointRoutes(ctx: AppContext) {
  const base = "/operational-webhook/endpoint";
  const one = `${base}/:endpoint_id`;
  return new Elysia()
    .get(base, route(ctx, (c) => {
      const appId = operationalAppId(ctx);
      const page = appId ? c.svc.endpoints.list(appId, pageQuery(c.query, "ascending")) : { data: [], iterator: null, prevIterator: null, done: true };
      return reply(200, { data: page.data.map(operationalEndpointOut), iterator: page.iterator, prevIterator: page.prevIterator, done: page.done });
    }))
    .post(base, route(ctx, (c) => {
      const o = bodyObject(c.body);
      const f = endpointFields(c, o, null, OPERATIONAL_EVENT_TYPES);
      const appId = createOperationalApp(ctx);
      checkEndpointQuota(ctx, countAppEndpoints(ctx.store, appId));
      return reply(201, operationalEndpointOut(c.svc.endpoints.create(appId, f, secretOf(o) ?? generateSecret(), c.now)));
    }), NONE)
    .get(one, route(ctx, (c) => reply(200, operationalEndpointOut(find(c)))))
    .put(one, route(ctx, (c) => {
      const cur = find(c);
      // A whole document, as Svix's update: the headers and the secret keep their own routes.
      const o = bodyObject(c.body);
      const f = endpointFields(c, o, null, OPERATIONAL_EVENT_TYPES);
      // As the application endpoints' PUT: addressed by its uid, a body without one keeps it.
      if (cur.uid === c.params.endpoint_id && o.uid === undefined) f.uid = cur.uid;
      return reply(200, operationalEndpointOut(c.svc.endpoints.update(cur, { ...f, headers: cur.headers }, c.now)));
    }), NONE)
    .delete(one, route(ctx, (c) => {
      c.svc.endpoints.delete(find(c));
      return reply(204);
    }))
    .get(`${one}/secret`, route(ctx, (c) => reply(200, { key: c.svc.endpoints.secret(find(c)) })))
    .post(`${one}/secret/rotate`, route(ctx, (c) => {
      const ep = find(c);
      const key = secretOf(c.body === undefined ? {} : bodyObject(c.body), "key");
      c.svc.endpoints.rotate(ep, key ?? generateSecret(), ctx.config.secretRotationGrace, c.now);
      return reply(204);
    }), NONE)
    .get(`${one}/headers`, route(ctx, (c) => reply(200, headersOut(find(c)))))
    .put(`${one}/headers`, route(ctx, (c) => {
      const ep = find(c);
      const h = strMap(bodyObject(c.body), "headers");
      if (!h) throw new ValidationError("headers", "field required");
      c.svc.endpoints.setHeaders(ep, checkHeaders(h, "headers"), c.now);
      return reply(204);
    }), NONE);
}
