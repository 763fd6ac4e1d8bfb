/**
 * /api/v1/app/{app_id}/integration (Svix: integration.list/create/get/update/delete/rotateKey/getKey).
 * An integration's key opens that application's routes only (auth.ts, key-scopes.ts). Keys are kept
 * hashed, so the key is in the create answer and each rotation's, and `getKey` cannot return it.
 */
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import type { IntegrationFields, IntegrationRow } from "../../store/integrations";
import { ApiError, notFound } from "../errors";
import { route, reply, pageQuery, findApp, type Call } from "./common";
import { bodyObject, str, strList, UID_RE, type Obj } from "./validate";
import { listOut, iso } from "./serialize";

const NONE = { parse: "none" as const };

function fields(o: Obj): IntegrationFields {
  return {
    name: str(o, "name", { required: true, min: 1, max: 256 })!,
    featureFlags: strList(o, "featureFlags", { max: 256, pattern: UID_RE, maxItems: 10 }) ?? null,
  };
}

const integrationOut = (i: IntegrationRow) => ({
  id: i.id,
  name: i.name,
  featureFlags: i.featureFlags ?? [],
  keyPrefix: i.keyPrefix,
  createdAt: iso(i.createdAt),
  updatedAt: iso(i.updatedAt),
});

function find(c: Call): IntegrationRow {
  const i = c.svc.integrations.get(findApp(c).id, c.params.integ_id);
  if (!i) throw notFound("Integration");
  return i;
}

export function integrationRoutes(ctx: AppContext) {
  const base = "/app/:app_id/integration";
  const one = `${base}/:integ_id`;
  return new Elysia()
    .get(base, route(ctx, (c) => reply(200, listOut(c.svc.integrations.list(findApp(c).id, pageQuery(c.query, "ascending")), integrationOut))))
    .post(base, route(ctx, (c) => {
      const app = findApp(c);
      const { row, key } = c.svc.integrations.create(app.id, fields(bodyObject(c.body)), c.now);
      return reply(201, { ...integrationOut(row), key });
    }), NONE)
    .get(one, route(ctx, (c) => reply(200, integrationOut(find(c)))))
    .put(one, route(ctx, (c) => reply(200, integrationOut(c.svc.integrations.update(find(c), fields(bodyObject(c.body)), c.now)))), NONE)
    .delete(one, route(ctx, (c) => {
      c.svc.integrations.delete(find(c));
      return reply(204);
    }))
    .post(`${one}/key/rotate`, route(ctx, (c) => reply(200, { key: c.svc.integrations.rotateKey(find(c), c.now) })), NONE)
    .get(`${one}/key`, route(ctx, (c) => {
      find(c);
      throw new ApiError(409, "conflict", "Integration keys are stored hashed and cannot be shown again; get a new one with POST …/key/rotate");
    }));
}
