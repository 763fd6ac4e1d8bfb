// Records each successful state-changing API call, and each reveal of a signing secret, in the audit
// log; mounted right after bearerAuth in the outbound API (src/http/api/index.ts) and the ingest API
// (src/http/ingest/index.ts).
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { recordAudit } from "../../store/audit";
import { pathOf } from "../request-url";

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
  // Whether `<METHOD> <route>` is recorded depends only on that pair: decided once per route, so
  // the unaudited hot path (message sends) costs a map lookup, not three regexes and a URL parse.
  const decided = new Map<string, boolean>();
  const audited = (action: string): boolean => {
    let yes = decided.get(action);
    if (yes === undefined) {
      const method = action.slice(0, action.indexOf(" "));
      yes = WRITES.has(method) ? !NOT_AUDITED.some((re) => re.test(action)) : REVEALS.some((re) => re.test(action));
      // Bounded: without a matched route the action holds the concrete path.
      if (decided.size < 1000) decided.set(action, yes);
    }
    return yes;
  };
  // Unnamed on purpose: Elysia would dedupe a named plugin used by both APIs.
  // The context is destructured, never passed on whole: Elysia reads which fields a hook uses from
  // its source, and a hook that hands `c` away makes every route parse cookies, query and headers.
  return new Elysia().onAfterHandle({ as: "scoped" }, ({ request, route, response, set, principal }: AfterHandle) => {
    if (!audited(`${request.method} ${route ?? pathOf(request.url)}`)) return;
    return record(ctx, request, route, response, set.status, principal);
  });
}

interface AfterHandle {
  request: Request;
  route?: string;
  response?: unknown;
  set: { status?: number | string };
  principal?: { tokenName: string; tokenId: string };
}

async function record(ctx: AppContext, request: Request, route: string | undefined, response: unknown, setStatus: number | string | undefined, principal: AfterHandle["principal"]): Promise<void> {
  const path = pathOf(request.url);
  const action = `${request.method} ${route ?? path}`;
  const status = response instanceof Response ? response.status : typeof setStatus === "number" ? setStatus : 200;
  if (status < 200 || status >= 300) return;
  const created = status === 201 ? await createdId(response) : null;
  recordAudit(ctx.store, {
    at: ctx.clock.now(),
    actor: principal ? `token:${principal.tokenName}` : "api",
    action,
    target: created ?? path,
    detail: { status, tokenId: principal?.tokenId ?? null, ...(created ? { path } : {}) },
  });
}
