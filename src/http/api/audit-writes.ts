// Records each successful state-changing API call, and each reveal of a signing secret, in the audit
// log; mounted right after bearerAuth in the outbound API (src/http/api/index.ts) and the ingest API
// (src/http/ingest/index.ts).
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { recordAudit } from "../../store/audit";

/** Data-plane writes: high volume and not administration (sending messages, listener bookkeeping). */
const NOT_AUDITED = [/^POST \/api\/v1\/app\/:app_id\/msg\/?$/, /\/precheck\//, /\/listener\/:name\/attempt$/];
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Reads that hand out a secret (Svix endpoint.getSecret, the ingest endpoint's): who saw it matters as much as who changed it. */
const REVEALS = [/^GET \/api\/v1\/app\/:app_id\/endpoint\/:endpoint_id\/secret\/?$/, /^GET \/ingest\/api\/v1\/source\/:sourceId\/endpoint\/:endpointId\/secret\/?$/];

/** The `id` of a created resource from the handler's answer (a Response or a plain object); never any other field. */
async function createdId(response: unknown): Promise<string | null> {
  let body: unknown = response;
  if (response instanceof Response) {
    try { body = await response.clone().json(); } catch { return null; }
  }
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : null;
}

/**
 * Records every successful POST/PUT/PATCH/DELETE and secret reveal under the API it is mounted in
 * (after bearerAuth): actor `token:<name>`, action `<METHOD> <route pattern>`, target the created
 * resource's id for a create (201), else the concrete path. Failed calls are not recorded (they
 * changed and showed nothing); request and response bodies never are (they can hold secrets).
 */
export function auditApiWrites(ctx: AppContext) {
  // Unnamed on purpose: Elysia would dedupe a named plugin used by both APIs.
  return new Elysia().onAfterHandle({ as: "scoped" }, async (c) => {
    const { request, route, response, set } = c as typeof c & { route?: string; response?: unknown };
    const path = new URL(request.url).pathname;
    const action = `${request.method} ${route ?? path}`;
    if (WRITES.has(request.method) ? NOT_AUDITED.some((re) => re.test(action)) : !REVEALS.some((re) => re.test(action))) return;
    const status = response instanceof Response ? response.status : typeof set.status === "number" ? set.status : 200;
    if (status < 200 || status >= 300) return;
    const principal = (c as unknown as { principal?: { tokenName: string; tokenId: string } }).principal;
    const created = status === 201 ? await createdId(response) : null;
    recordAudit(ctx.store, {
      at: ctx.clock.now(),
      actor: principal ? `token:${principal.tokenName}` : "api",
      action,
      target: created ?? path,
      detail: { status, tokenId: principal?.tokenId ?? null, ...(created ? { path } : {}) },
    });
  });
}
