// Bearer-token guard for /api/v1 and /ingest/api/v1. Tokens are looked up by hash with a prepared statement.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { tokenVerifier } from "../../store/tokens";
import { unauthorized, forbidden } from "../errors";
import { POLLER_KEY_PREFIX } from "../../store/polling-endpoints";
import { INTEGRATION_KEY_PREFIX } from "../../store/integrations";
import { integrationKeyOpens, pollerKeyOpens, type ScopeResolvers } from "./key-scopes";
import { outboundServices } from "./services";
import { pathOf } from "../request-url";

export interface ApiPrincipal { tokenId: string; tokenName: string }

/**
 * The request's bearer token checked against the token table; throws 401 when missing, unknown or
 * revoked. A polling endpoint's consumer key (hrp_…) and an integration's key (hri_…) pass only
 * where key-scopes.ts lets them.
 */
export function tokenAuthenticator(ctx: AppContext): (request: Request) => ApiPrincipal {
  const verify = tokenVerifier(ctx.store);
  // Looked up when a key arrives: the services are built after the first authenticator.
  const svc = () => outboundServices(ctx);
  const scopes = (): ScopeResolvers => ({ appId: (s) => svc().apps.resolveId(s), pollerId: (appId, s) => svc().pollers.get(appId, s)?.id ?? null });
  return (request) => {
    const h = request.headers.get("authorization") ?? "";
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    if (!m) throw unauthorized();
    const row = verify(m[1], ctx.clock.now());
    if (row) return { tokenId: row.id, tokenName: row.name };
    if (m[1].startsWith(POLLER_KEY_PREFIX)) {
      const owner = svc().pollers.ownerOfKey(m[1]);
      if (owner && pollerKeyOpens(owner, request.method, pathOf(request.url), scopes())) return { tokenId: owner.id, tokenName: `consumer key of ${owner.id}` };
      if (owner) throw forbidden("A polling endpoint's consumer key only reads that polling endpoint (GET …/poller/{id}, …/consumer/{consumer_id} and POST …/seek)");
    }
    if (m[1].startsWith(INTEGRATION_KEY_PREFIX)) {
      const owner = svc().integrations.ownerOfKey(m[1]);
      if (owner && integrationKeyOpens(owner, request.method, pathOf(request.url), scopes())) return { tokenId: owner.id, tokenName: `integration ${owner.name}` };
      if (owner) throw forbidden("An integration key only opens its own application's routes (not the application's settings or integrations) and reads the event types");
    }
    throw unauthorized("Invalid or revoked token");
  };
}

export function bearerAuth(ctx: AppContext) {
  const authenticate = tokenAuthenticator(ctx);
  return new Elysia({ name: "bearer-auth" })
    // `request.headers`, not Elysia's `headers`: asking for that makes every route under the API
    // copy all request headers into an object first.
    .derive({ as: "scoped" }, ({ request }): { principal: ApiPrincipal } => ({ principal: authenticate(request) }));
}
