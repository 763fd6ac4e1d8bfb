/**
 * /api/v1/app/{app_id}/destination (svix 2.x: destination.list/create/get/upsert/patch/delete). In
 * svix 2.x a polling endpoint is a destination of type `pollingEndpoint`; hookrelay serves that type
 * over its polling endpoints (polling-endpoints.ts). The other types (S3, SQS, …) are refused.
 */
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import type { PollingEndpointRow } from "../../store/polling-endpoints";
import { notFound, ValidationError } from "../errors";
import { route, reply, pageQuery, findApp, type Call } from "./common";
import { bodyObject, int, type Obj } from "./validate";
import { listOut, iso } from "./serialize";
import { pollingEndpointFields } from "./polling-endpoints";
import { checkEndpointQuota } from "../limits";

const NONE = { parse: "none" as const };
const TYPE = "pollingEndpoint";

/** DestinationIn's type, config, status and the fields pollers ignore; the rest is a polling endpoint's. */
function destinationBody(o: Obj, required: boolean): Obj {
  const type = o.type;
  if (type !== undefined || required) {
    if (type !== TYPE) throw new ValidationError("type", `hookrelay serves "${TYPE}" destinations only (webhook endpoints are /app/{app_id}/endpoint)`);
  }
  if (o.config !== undefined && o.config !== null && (typeof o.config !== "object" || Array.isArray(o.config) || Object.keys(o.config).length)) {
    throw new ValidationError("config", "a pollingEndpoint destination takes an empty config");
  }
  // As in Svix, batchSize and maxWaitSecs mean nothing to a polling endpoint; they are checked, not kept.
  int(o, "batchSize", { min: 1, max: 10_000 });
  int(o, "maxWaitSecs", { min: 0, max: 3_600 });
  const status = o.status;
  if (status !== undefined && status !== "enabled" && status !== "disabled") throw new ValidationError("status", "must be enabled or disabled");
  const { type: _t, config: _c, status: _s, batchSize: _b, maxWaitSecs: _m, ...rest } = o;
  return status === undefined ? rest : { ...rest, disabled: status === "disabled" };
}

const destinationOut = (p: PollingEndpointRow) => ({
  type: TYPE,
  config: {},
  id: p.id,
  uid: p.uid,
  status: p.disabled ? "disabled" : "enabled",
  currentIterator: null,
  failureReason: null,
  createdAt: iso(p.createdAt),
  updatedAt: iso(p.updatedAt),
  batchSize: null,
  maxWaitSecs: null,
  eventTypes: p.filterTypes,
  channels: p.channels,
  nextRetryAt: null,
  metadata: p.metadata,
});

function find(c: Call, appId: string): PollingEndpointRow {
  const p = c.svc.pollers.get(appId, c.params.destination_id);
  if (!p) throw notFound("Destination");
  return p;
}

export function destinationRoutes(ctx: AppContext) {
  const base = "/app/:app_id/destination";
  const one = `${base}/:destination_id`;
  return new Elysia()
    .get(base, route(ctx, (c) => reply(200, listOut(c.svc.pollers.list(findApp(c).id, pageQuery(c.query, "ascending")), destinationOut))))
    .post(base, route(ctx, (c) => {
      const app = findApp(c);
      const f = pollingEndpointFields(c, destinationBody(bodyObject(c.body), true), null);
      checkEndpointQuota(ctx, c.svc.pollers.countForApp(app.id), "polling endpoints");
      return reply(201, destinationOut(c.svc.pollers.create(app.id, f, c.now).row));
    }), NONE)
    .get(one, route(ctx, (c) => reply(200, destinationOut(find(c, findApp(c).id)))))
    .put(one, route(ctx, (c) => {
      const app = findApp(c);
      const body = destinationBody(bodyObject(c.body), true);
      const cur = c.svc.pollers.get(app.id, c.params.destination_id);
      // Upsert, as the other PUTs: a whole document; addressed by its uid, a body without one keeps it.
      const f = pollingEndpointFields(c, body, null);
      if (cur) {
        if (cur.uid === c.params.destination_id && body.uid === undefined) f.uid = cur.uid;
        return reply(200, destinationOut(c.svc.pollers.update(cur, f, c.now)));
      }
      if (c.params.destination_id.startsWith("poll_")) throw notFound("Destination");
      checkEndpointQuota(ctx, c.svc.pollers.countForApp(app.id), "polling endpoints");
      return reply(201, destinationOut(c.svc.pollers.create(app.id, { ...f, uid: f.uid ?? c.params.destination_id }, c.now).row));
    }), NONE)
    .patch(one, route(ctx, (c) => {
      const cur = find(c, findApp(c).id);
      return reply(200, destinationOut(c.svc.pollers.update(cur, pollingEndpointFields(c, destinationBody(bodyObject(c.body), false), cur), c.now)));
    }), NONE)
    .delete(one, route(ctx, (c) => {
      c.svc.pollers.delete(find(c, findApp(c).id));
      return reply(204);
    }));
}
