// GET /api/v1/openapi.json — the OpenAPI 3.0 document of the REST API, built from the route catalog
// at startup and served from memory (no auth, as Svix serves its own).
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { buildInfo } from "../../build-info";
import { ROUTES, pathParams, type QueryParam, type RouteDoc } from "../api/catalog";
import { SCHEMAS } from "../api/openapi-schemas";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function queryParam([name, type, description]: QueryParam) {
  const schema = type === "string[]" ? { type: "array", items: { type: "string" } }
    : type === "date-time" ? { type: "string", format: "date-time" } : { type };
  return { name, in: "query", required: false, description, schema, ...(type === "string[]" ? { style: "form", explode: false } : {}) };
}

const ERRORS: Record<number, [string, string]> = {
  400: ["Invalid JSON", "HttpError"],
  401: ["Missing or invalid bearer token", "HttpError"],
  404: ["Unknown id or uid", "HttpError"],
  409: ["Duplicate uid/eventId, or the same Idempotency-Key still in flight", "HttpError"],
  413: ["Body or payload over the size limit", "HttpError"],
  422: ["Validation error naming the field", "HTTPValidationError"],
};

function operation(r: RouteDoc) {
  const parameters: unknown[] = pathParams(r.path).map((name) => ({ name, in: "path", required: true, schema: { type: "string" }, description: name.endsWith("_id") ? "id or uid" : undefined }));
  for (const q of r.query ?? []) parameters.push(queryParam(q));
  if (r.method === "POST") parameters.push({ name: "idempotency-key", in: "header", required: false, schema: { type: "string", maxLength: 256 }, description: "Repeats within the TTL get the first response" });
  const ok = r.response
    ? { description: r.summary, content: { "application/json": { schema: ref(r.response) } } }
    : { description: r.summary };
  const responses: Record<string, unknown> = { [String(r.status)]: ok };
  if (r.auth !== false) {
    const codes = [401, 404, 422];
    if (r.body) codes.push(400, 413);
    if (r.method === "POST") codes.push(409);
    for (const code of codes.sort()) responses[String(code)] = { description: ERRORS[code][0], content: { "application/json": { schema: ref(ERRORS[code][1]) } } };
  }
  return {
    operationId: `${r.method.toLowerCase()}${r.path.replace(/^\/api\/v1/, "").replace(/\{(\w+)\}/g, "by-$1").replace(/[^a-zA-Z0-9]+(.)/g, (_, ch: string) => ch.toUpperCase())}`,
    summary: r.summary,
    description: `svix SDK: \`${r.svix}\`${r.notes ? `. ${r.notes}` : ""}`,
    tags: [r.tag],
    parameters,
    ...(r.body ? { requestBody: { required: r.method !== "POST" || !r.path.endsWith("/rotate"), content: { "application/json": { schema: ref(r.body), ...(r.example !== undefined ? { example: r.example } : {}) } } } } : {}),
    responses,
    ...(r.auth === false ? { security: [] } : {}),
  };
}

export function openApiDocument(ctx: Pick<AppContext, "config">) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTES) (paths[r.path] ??= {})[r.method.toLowerCase()] = operation(r);
  return {
    openapi: "3.0.3",
    info: {
      title: "hookrelay API",
      version: buildInfo.version,
      description: "Svix-compatible REST API: point the svix SDK at this server (`new Svix(token, { serverUrl })`). Errors are `{code, detail}`; 422 is `{detail: [{loc, msg, type}]}`.",
    },
    servers: [{ url: ctx.config.baseUrl }],
    security: [{ bearerAuth: [] }],
    paths,
    components: { securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An API token from `hookrelay token create`" } }, schemas: SCHEMAS },
  };
}

export function openApiRoutes(ctx: AppContext) {
  const body = JSON.stringify(openApiDocument(ctx));
  return new Elysia().get("/api/v1/openapi.json", () => new Response(body, { headers: { "content-type": "application/json", "cache-control": "public, max-age=300" } }));
}
