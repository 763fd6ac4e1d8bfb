/**
 * @module http/api — the REST API under /api/v1 (Svix-compatible). Every route here requires a bearer
 * token. Resource files export `(ctx) => Elysia` and are listed in API_RESOURCES.
 */
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { bearerAuth } from "./auth";
import { unauthorized } from "../errors";
import { auditApiWrites } from "./audit-writes";

export type ApiResource = (ctx: AppContext) => Elysia<any, any, any, any, any, any, any>;
const API_RESOURCES: ApiResource[] = [];
/** Resource modules call this at import time (see src/features.ts). */
export function registerApiResource(r: ApiResource) { API_RESOURCES.push(r); }

export function apiRoutes(ctx: AppContext) {
  const api = new Elysia({ prefix: "/api/v1" })
    .use(bearerAuth(ctx))
    // Every successful admin write (not message sends) lands in the audit log (src/http/api/audit-writes.ts).
    .use(auditApiWrites(ctx))
    .get("/auth/whoami", ({ principal }) => ({ tokenId: principal.tokenId, name: principal.tokenName }));
  for (const r of API_RESOURCES) api.use(r(ctx));
  // Unknown paths under /api/v1 still demand a token first, so probing reveals nothing.
  api.all("/*", ({ headers }) => {
    if (!headers["authorization"]) throw unauthorized();
    return new Response(JSON.stringify({ code: "not_found", detail: "No such API route" }), { status: 404, headers: { "content-type": "application/json" } });
  });
  return api;
}
