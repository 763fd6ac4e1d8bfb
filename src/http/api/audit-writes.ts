// Records each successful state-changing API call in the audit log; mounted right after bearerAuth in
// the outbound API (src/http/api/index.ts) and the ingest API (src/http/ingest/index.ts).
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { recordAudit } from "../../store/audit";

/** Data-plane writes: high volume and not administration (sending messages, listener bookkeeping). */
const NOT_AUDITED = [/^POST \/api\/v1\/app\/:app_id\/msg\/?$/, /\/precheck\//, /\/listener\/:name\/attempt$/];
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Records every successful POST/PUT/PATCH/DELETE under the API it is mounted in (after bearerAuth):
 * actor `token:<name>`, action `<METHOD> <route pattern>`, target the concrete path. Failed calls are
 * not recorded (they changed nothing); request bodies never are (they can hold secrets).
 */
export function auditApiWrites(ctx: AppContext) {
  // Unnamed on purpose: Elysia would dedupe a named plugin used by both APIs.
  return new Elysia().onAfterHandle({ as: "scoped" }, (c) => {
    const { request, route, response, set } = c as typeof c & { route?: string; response?: unknown };
    if (!WRITES.has(request.method)) return;
    const status = response instanceof Response ? response.status : typeof set.status === "number" ? set.status : 200;
    if (status < 200 || status >= 300) return;
    const action = `${request.method} ${route ?? new URL(request.url).pathname}`;
    if (NOT_AUDITED.some((re) => re.test(action))) return;
    const principal = (c as unknown as { principal?: { tokenName: string; tokenId: string } }).principal;
    recordAudit(ctx.store, {
      at: ctx.clock.now(),
      actor: principal ? `token:${principal.tokenName}` : "api",
      action,
      target: new URL(request.url).pathname,
      detail: { status, tokenId: principal?.tokenId ?? null },
    });
  });
}
