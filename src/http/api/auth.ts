// Bearer-token guard for /api/v1 and /ingest/api/v1. Tokens are looked up by hash with a prepared statement.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { tokenVerifier } from "../../store/tokens";
import { unauthorized, forbidden } from "../errors";
import { PollingEndpointStore, POLLER_KEY_PREFIX } from "../../store/polling-endpoints";
import { IntegrationStore, INTEGRATION_KEY_PREFIX } from "../../store/integrations";
import { integrationKeyOpens, pollerKeyOpens } from "./key-scopes";
import { pathOf } from "../request-url";

export interface ApiPrincipal { tokenId: string; tokenName: string }

/**
 * The request's bearer token checked against the token table; throws 401 when missing, unknown or
 * revoked. A polling endpoint's consumer key (hrp_…) and an integration's key (hri_…) pass only
 * where key-scopes.ts lets them.
 */
export function tokenAuthenticator(ctx: AppContext): (request: Request) => ApiPrincipal {
  const verify = tokenVerifier(ctx.store);
  let pollers: PollingEndpointStore | null = null;
  let integrations: IntegrationStore | null = null;
  return (request) => {
    const h = request.headers.get("authorization") ?? "";
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    if (!m) throw unauthorized();
    const row = verify(m[1], ctx.clock.now());
    if (row) return { tokenId: row.id, tokenName: row.name };
    if (m[1].startsWith(POLLER_KEY_PREFIX)) {
      const owner = (pollers ??= new PollingEndpointStore(ctx.store)).ownerOfKey(m[1]);
      if (owner && pollerKeyOpens(owner, request.method, pathOf(request.url))) return { tokenId: owner.id, tokenName: `consumer key of ${owner.id}` };
      if (owner) throw forbidden("A polling endpoint's consumer key only reads that polling endpoint (GET …/poller/{id}, …/consumer/{consumer_id} and POST …/seek)");
    }
    if (m[1].startsWith(INTEGRATION_KEY_PREFIX)) {
      const owner = (integrations ??= new IntegrationStore(ctx.store)).ownerOfKey(m[1]);
      if (owner && integrationKeyOpens(owner, request.method, pathOf(request.url))) return { tokenId: owner.id, tokenName: `integration ${owner.name}` };
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
