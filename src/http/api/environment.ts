// /api/v1/environment/export and /import (Svix: environment.export/import): the event type catalogue
// as one document, to copy between hookrelay instances (staging to production) or keep in git.
// Svix's organisation `settings` and connectors have no counterpart here (docs/api.md).
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import type { ImportedType } from "../../store/event-types";
import { ValidationError } from "../errors";
import { route, reply } from "./common";
import { bodyObject, str, type Obj } from "./validate";
import { eventTypeFields, EVENT_TYPE_NAME } from "./event-types";
import { eventTypeOut } from "./serialize";

const NONE = { parse: "none" as const };
/** The document's format: an import refuses a version it does not know. */
const VERSION = 1;
const MAX_TYPES = 10_000;

function eventTypesOf(o: Obj): ImportedType[] {
  const list = o.eventTypes;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new ValidationError("eventTypes", "expected a list of event types");
  if (list.length > MAX_TYPES) throw new ValidationError("eventTypes", `at most ${MAX_TYPES} event types`);
  const seen = new Set<string>();
  return list.map((item, i) => {
    const e = bodyObject(item);
    let name: string;
    try { name = str(e, "name", { required: true, ...EVENT_TYPE_NAME })!; } catch (err) {
      if (err instanceof ValidationError) throw new ValidationError(`eventTypes.${i}.name`, err.msg);
      throw err;
    }
    if (seen.has(name)) throw new ValidationError(`eventTypes.${i}.name`, `"${name}" is listed twice`);
    seen.add(name);
    const f = eventTypeFields(e, null);
    return { name, ...f, archived: e.archived === true };
  });
}

export function environmentRoutes(ctx: AppContext) {
  return new Elysia()
    .post("/environment/export", route(ctx, (c) => {
      const all = [];
      for (let page = c.svc.eventTypes.list({ limit: 250, iterator: null, order: "ascending" }, { includeArchived: true }); ; ) {
        all.push(...page.data);
        if (page.done || !page.iterator) break;
        page = c.svc.eventTypes.list({ limit: 250, iterator: page.iterator, order: "ascending" }, { includeArchived: true });
      }
      return reply(200, { createdAt: new Date(c.now).toISOString(), version: VERSION, eventTypes: all.map((t) => eventTypeOut(t, true)), settings: null, connectors: [] });
    }), NONE)
    .post("/environment/import", route(ctx, (c) => {
      const o = bodyObject(c.body);
      if (Array.isArray(o.connectors) && o.connectors.length) throw new ValidationError("connectors", "hookrelay has no connectors; send the document without them");
      if (typeof o.version === "number" && o.version > VERSION) throw new ValidationError("version", `this hookrelay reads environment documents up to version ${VERSION}`);
      // Existing types are updated, the others created; types the document does not name stay.
      c.svc.eventTypes.importAll(eventTypesOf(o), { replaceAll: false, dryRun: false }, c.now);
      return reply(204);
    }), NONE);
}
