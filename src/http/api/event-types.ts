// /api/v1/event-type — the event type catalogue (Svix: eventType.create/list/get/update/patch/delete).
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import type { EventTypeFields, EventTypeRow } from "../../store/event-types";
import { notFound, ValidationError } from "../errors";
import { route, reply, pageQuery, boolQuery, type Call } from "./common";
import { bodyObject, has, str, nstr, bool, strList, UID_RE, type Obj } from "./validate";
import { eventTypeOut, listOut } from "./serialize";

const NONE = { parse: "none" as const };
export const EVENT_TYPE_NAME = { min: 1, max: 256, pattern: UID_RE, patternMsg: "may only contain a-z, A-Z, 0-9, '-', '_' and '.'" };

function schemasOf(o: Obj): Record<string, unknown> | null | undefined {
  const v = o.schemas;
  if (v === undefined || v === null) return v as null | undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw new ValidationError("schemas", "expected an object of JSON schemas keyed by version, e.g. {\"1\": {...}}");
  return v as Record<string, unknown>;
}

/** EventTypeIn/Update/Patch: with a base, absent fields keep their value (PATCH). */
export function eventTypeFields(o: Obj, base: EventTypeFields | null): EventTypeFields {
  const description = str(o, "description", { max: 10_000 });
  const flags = has(o, "featureFlags") ? strList(o, "featureFlags", { max: 256, pattern: UID_RE, maxItems: 10 })
    : has(o, "featureFlag") ? (o.featureFlag === null ? null : [str(o, "featureFlag", { max: 256, pattern: UID_RE })!]) : undefined;
  const groupName = nstr(o, "groupName", { max: 256, pattern: UID_RE });
  const schemas = schemasOf(o);
  return {
    description: description ?? base?.description ?? "",
    archived: bool(o, "archived") ?? base?.archived ?? false,
    deprecated: bool(o, "deprecated") ?? base?.deprecated ?? false,
    featureFlags: flags !== undefined ? flags : base?.featureFlags ?? null,
    groupName: groupName !== undefined ? groupName : base?.groupName ?? null,
    schemas: schemas !== undefined ? schemas : base?.schemas ?? null,
  };
}

function find(c: Call): EventTypeRow {
  const et = c.svc.eventTypes.get(c.params.event_type_name);
  if (!et) throw notFound("Event type");
  return et;
}

export function eventTypeRoutes(ctx: AppContext) {
  return new Elysia()
    .get("/event-type", route(ctx, (c) => {
      const withContent = boolQuery(c.query, "with_content", false);
      const page = c.svc.eventTypes.list(pageQuery(c.query, "ascending"), { includeArchived: boolQuery(c.query, "include_archived", false) });
      return reply(200, listOut(page, (e) => eventTypeOut(e, withContent)));
    }))
    .post("/event-type", route(ctx, (c) => {
      const o = bodyObject(c.body);
      const name = str(o, "name", { required: true, ...EVENT_TYPE_NAME })!;
      const cur = c.svc.eventTypes.get(name);
      // As in Svix, creating an archived type brings it back (with the new fields).
      if (cur?.archived) return reply(201, eventTypeOut(c.svc.eventTypes.update(cur, { ...eventTypeFields(o, null), archived: bool(o, "archived") ?? false }, c.now)));
      return reply(201, eventTypeOut(c.svc.eventTypes.create(name, eventTypeFields(o, null), c.now)));
    }), NONE)
    .get("/event-type/:event_type_name", route(ctx, (c) => reply(200, eventTypeOut(find(c)))))
    .put("/event-type/:event_type_name", route(ctx, (c) => {
      const f = eventTypeFields(bodyObject(c.body), null);
      const cur = c.svc.eventTypes.get(c.params.event_type_name);
      if (cur) return reply(200, eventTypeOut(c.svc.eventTypes.update(cur, f, c.now)));
      if (!UID_RE.test(c.params.event_type_name) || c.params.event_type_name.length > 256) throw new ValidationError("event_type_name", EVENT_TYPE_NAME.patternMsg, "path");
      return reply(201, eventTypeOut(c.svc.eventTypes.create(c.params.event_type_name, f, c.now)));
    }), NONE)
    .patch("/event-type/:event_type_name", route(ctx, (c) => {
      const cur = find(c);
      return reply(200, eventTypeOut(c.svc.eventTypes.update(cur, eventTypeFields(bodyObject(c.body), cur), c.now)));
    }), NONE)
    .delete("/event-type/:event_type_name", route(ctx, (c) => {
      const cur = find(c);
      if (boolQuery(c.query, "expunge", false)) c.svc.eventTypes.expunge(cur.name);
      else c.svc.eventTypes.archive(cur, c.now);
      return reply(204);
    }));
}
