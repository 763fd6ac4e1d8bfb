// POST /api/v1/event-type/import/openapi (Svix: eventType.importOpenapi): the event type catalogue
// from the webhooks of an OpenAPI document (openapi-import.ts reads the document).
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { route, reply } from "./common";
import { bodyObject, bool } from "./validate";
import { eventTypesFromOpenApi, openApiDocument } from "./openapi-import";

const NONE = { parse: "none" as const };

export function eventTypeImportRoutes(ctx: AppContext) {
  return new Elysia()
    .post("/event-type/import/openapi", route(ctx, (c) => {
      const o = bodyObject(c.body);
      const types = eventTypesFromOpenApi(openApiDocument(o));
      const dryRun = bool(o, "dryRun") ?? false;
      const modified = c.svc.eventTypes.importAll(types, { replaceAll: bool(o, "replaceAll") ?? false, dryRun }, c.now);
      if (!dryRun) return reply(200, { data: { modified } });
      // What would change, as Svix answers a dry run: the imported types among them, in full.
      const changing = new Set(modified);
      return reply(200, { data: { modified: [], to_modify: types.filter((t) => changing.has(t.name)) } });
    }), NONE);
}
