// /api/v1/app — applications (Svix: application.create/getOrCreate/list/get/update/patch/delete).
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import type { AppFields, AppRow } from "../../store/applications";
import { notFound, ValidationError } from "../errors";
import { route, reply, pageQuery, boolQuery, findApp, type Call, type Reply } from "./common";
import { bodyObject, has, str, nstr, int, strMap, UID_RE, type Obj } from "./validate";
import { appOut, listOut } from "./serialize";

const NONE = { parse: "none" as const };

/** Reads ApplicationIn (partial: PATCH keeps what is absent). `throttleRate` is the newer name of `rateLimit`. */
export function appFields(o: Obj, base: AppFields | null): AppFields {
  // An application always has a name: null cannot clear it (PATCH would otherwise keep it silently).
  if (o.name === null) throw new ValidationError("name", "must be a string, not null");
  const name = str(o, "name", { required: !base, min: 1, max: 256 });
  const uid = nstr(o, "uid", { min: 1, max: 256, pattern: UID_RE, patternMsg: "may only contain a-z, A-Z, 0-9, '-', '_' and '.'" });
  const throttle = has(o, "throttleRate") ? int(o, "throttleRate", { min: 1, max: 65535 }) : int(o, "rateLimit", { min: 1, max: 65535 });
  const metadata = strMap(o, "metadata");
  return {
    name: name ?? base!.name,
    uid: uid !== undefined ? uid : base ? base.uid : null,
    rateLimit: throttle !== undefined ? throttle : base ? base.rateLimit : null,
    metadata: metadata ?? base?.metadata ?? {},
  };
}

/** PUT semantics: every field not given returns to its default (Svix's ApplicationIn is a full document). */
const replaceFields = (o: Obj): AppFields => appFields(o, null);

export function createApplication(c: Call): Reply {
  const f = appFields(bodyObject(c.body), null);
  if (boolQuery(c.query, "get_if_exists", false) && f.uid) {
    const existing = c.svc.apps.get(f.uid);
    if (existing) return reply(200, appOut(existing));
  }
  return reply(201, appOut(c.svc.apps.create(f, c.now)));
}

export function applicationRoutes(ctx: AppContext) {
  return new Elysia()
    .get("/app", route(ctx, (c) => reply(200, listOut(c.svc.apps.list(pageQuery(c.query, "ascending"), {
      excludeWithoutEndpoints: boolQuery(c.query, "exclude_apps_with_no_endpoints", false),
      excludeWithDisabledEndpoints: boolQuery(c.query, "exclude_apps_with_disabled_endpoints", false),
    }), appOut))))
    .post("/app", route(ctx, createApplication), NONE)
    .get("/app/:app_id", route(ctx, (c) => reply(200, appOut(findApp(c)))))
    .put("/app/:app_id", route(ctx, (c) => {
      const o = bodyObject(c.body);
      const f = replaceFields(o);
      const cur = c.svc.apps.get(c.params.app_id);
      // Addressed by uid with no `uid` in the body (svix 2.x upsert): the uid stays, or the next upsert would create a twin.
      if (cur && cur.uid === c.params.app_id && !has(o, "uid")) f.uid = cur.uid;
      if (cur) return reply(200, appOut(c.svc.apps.update(cur, f, c.now)));
      // Upsert: an unknown uid in the path creates the application under that uid.
      if (c.params.app_id.startsWith("app_")) throw notFound("Application");
      return reply(201, appOut(c.svc.apps.create({ ...f, uid: f.uid ?? c.params.app_id }, c.now)));
    }), NONE)
    .patch("/app/:app_id", route(ctx, (c) => {
      const cur: AppRow = findApp(c);
      return reply(200, appOut(c.svc.apps.update(cur, appFields(bodyObject(c.body), cur), c.now)));
    }), NONE)
    .delete("/app/:app_id", route(ctx, (c) => {
      const app = findApp(c);
      c.svc.apps.delete(app.id);
      c.svc.endpointCache.invalidate(app.id);
      return reply(204);
    }));
}
