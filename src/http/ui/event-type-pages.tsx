// The event type catalogue: list (archived on request), create and edit with an optional JSON schema
// and example payload (stored as the schema's `examples`, which "send a test event" uses), archive.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import type { EventTypeRow } from "../../store/event-types";
import { outboundServices } from "../api/services";
import { EVENT_TYPE_NAME } from "../api/event-types";
import { DuplicateError } from "../../store/store-errors";
import { EventTypePage, EventTypesPage, type EventTypeFormErrors, type EventTypeFormValues } from "../../../views/pages/event-types";
import { uiSession } from "./session";
import { uiRoute, page, notFoundPage, redirectWithFlash, withQuery, type UiCall } from "./ui-route";

const PAGE = 50;

/** The form's schema and example → the stored `schemas` ({"1": {...schema, examples: [example]}}). */
function schemasFrom(v: EventTypeFormValues, errors: EventTypeFormErrors): Record<string, unknown> | null {
  let schema: Record<string, unknown> = {};
  if (v.schema) {
    try {
      const parsed = JSON.parse(v.schema);
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) errors.schema = "A JSON schema is a JSON object, e.g. {\"type\": \"object\"}.";
      else schema = parsed;
    } catch { errors.schema = "This is not valid JSON."; }
  }
  if (v.example) {
    try { schema = { ...schema, examples: [JSON.parse(v.example)] }; } catch { errors.example = "This is not valid JSON."; }
  }
  return Object.keys(schema).length ? { "1": schema } : null;
}

/** Stored schemas → the form: the newest version without its examples, and the first example. */
function formOf(et: EventTypeRow): EventTypeFormValues {
  const newest = et.schemas ? Object.keys(et.schemas).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  const s = newest ? (et.schemas![newest] as Record<string, unknown>) : null;
  const { examples, ...schema } = s ?? {};
  const example = Array.isArray(examples) && examples.length ? JSON.stringify(examples[0], null, 2) : "";
  return { name: et.name, description: et.description, schema: Object.keys(schema).length ? JSON.stringify(schema, null, 2) : "", example, deprecated: et.deprecated };
}

function valuesFrom(c: UiCall): EventTypeFormValues {
  return { name: c.form.str("name"), description: c.form.str("description"), schema: c.form.str("schema"), example: c.form.str("example"), deprecated: c.form.has("deprecated") };
}

export function eventTypePages(ctx: AppContext) {
  const svc = outboundServices(ctx);
  const list = (c: UiCall, form?: EventTypeFormValues, errors?: EventTypeFormErrors) => {
    const includeArchived = c.query.archived === "1";
    const q = c.query.q?.trim().slice(0, 256) ?? "";
    const after = c.query.after || null;
    const p = svc.eventTypes.list({ limit: PAGE, iterator: after, order: "ascending" }, { includeArchived, nameContains: q });
    const filters = { q, archived: includeArchived ? "1" : "" };
    return page(<EventTypesPage shell={c.shell} includeArchived={includeArchived} q={q} form={form} errors={errors}
      items={p.data.map((t) => ({ ...t, hasSchema: !!t.schemas }))}
      nextHref={p.done ? null : withQuery("/event-types", { ...filters, after: p.iterator })}
      firstHref={after ? withQuery("/event-types", filters) : null} />, errors ? 422 : 200);
  };
  const detail = (c: UiCall, et: EventTypeRow, form?: EventTypeFormValues, errors?: EventTypeFormErrors) => {
    const schemaText = et.schemas ? JSON.stringify(et.schemas) : null;
    return page(<EventTypePage shell={c.shell} item={{ ...et, hasSchema: !!et.schemas, schemaText }} form={form ?? formOf(et)} errors={errors} />, errors ? 422 : 200);
  };
  const path = (name: string) => `/event-types/${encodeURIComponent(name)}`;

  return new Elysia()
    .use(uiSession(ctx))
    .get("/event-types", uiRoute(ctx, (c) => list(c)))
    .post("/event-types", uiRoute(ctx, (c) => {
      const v = valuesFrom(c);
      const errors: EventTypeFormErrors = {};
      if (!v.name) errors.name = "Give it a name, e.g. invoice.paid.";
      else if (v.name.length > EVENT_TYPE_NAME.max || !EVENT_TYPE_NAME.pattern.test(v.name)) errors.name = "Use letters, digits, '.', '-' and '_' (at most 256).";
      if (v.description.length > 10_000) errors.description = "At most 10,000 characters.";
      const schemas = schemasFrom(v, errors);
      if (Object.keys(errors).length) return list(c, v, errors);
      try {
        svc.eventTypes.create(v.name, { description: v.description, schemas, featureFlags: null, groupName: null, archived: false, deprecated: false }, c.now);
      } catch (e) {
        if (e instanceof DuplicateError) return list(c, v, { name: e.message });
        throw e;
      }
      return redirectWithFlash(ctx, c.request, "/event-types", { kind: "success", message: `Event type ${v.name} created.` });
    }))
    .get("/event-types/:name", uiRoute(ctx, (c) => {
      const et = svc.eventTypes.get(c.params.name);
      return et ? detail(c, et) : notFoundPage(c, "event type");
    }))
    .post("/event-types/:name", uiRoute(ctx, (c) => {
      const et = svc.eventTypes.get(c.params.name);
      if (!et) return notFoundPage(c, "event type");
      const v = { ...valuesFrom(c), name: et.name };
      const errors: EventTypeFormErrors = {};
      const schemas = schemasFrom(v, errors);
      if (v.description.length > 10_000) errors.description = "At most 10,000 characters.";
      if (Object.keys(errors).length) return detail(c, et, v, errors);
      svc.eventTypes.update(et, { ...et, description: v.description, schemas, deprecated: !!v.deprecated }, c.now);
      return redirectWithFlash(ctx, c.request, path(et.name), { kind: "success", message: "Saved." });
    }))
    .post("/event-types/:name/archive", uiRoute(ctx, (c) => {
      const et = svc.eventTypes.get(c.params.name);
      if (!et) return notFoundPage(c, "event type");
      svc.eventTypes.archive(et, c.now);
      return redirectWithFlash(ctx, c.request, path(et.name), { kind: "success", message: "Archived: hidden from the catalogue." });
    }))
    .post("/event-types/:name/unarchive", uiRoute(ctx, (c) => {
      const et = svc.eventTypes.get(c.params.name);
      if (!et) return notFoundPage(c, "event type");
      svc.eventTypes.update(et, { ...et, archived: false }, c.now);
      return redirectWithFlash(ctx, c.request, path(et.name), { kind: "success", message: "Back in the catalogue." });
    }));
}
