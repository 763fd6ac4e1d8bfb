// Bearer-token guard for /api/v1 and /ingest/api/v1. Tokens are looked up by hash with a prepared statement.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { tokenVerifier } from "../../store/tokens";
import { unauthorized } from "../errors";

export interface ApiPrincipal { tokenId: string; tokenName: string }

/** The request's bearer token checked against the token table; throws 401 when missing, unknown or revoked. */
export function tokenAuthenticator(ctx: AppContext): (request: Request) => ApiPrincipal {
  const verify = tokenVerifier(ctx.store);
  return (request) => {
    const h = request.headers.get("authorization") ?? "";
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    if (!m) throw unauthorized();
    const row = verify(m[1], ctx.clock.now());
    if (!row) throw unauthorized("Invalid or revoked token");
    return { tokenId: row.id, tokenName: row.name };
  };
}

export function bearerAuth(ctx: AppContext) {
  const authenticate = tokenAuthenticator(ctx);
  return new Elysia({ name: "bearer-auth" })
    // `request.headers`, not Elysia's `headers`: asking for that makes every route under the API
    // copy all request headers into an object first.
    .derive({ as: "scoped" }, ({ request }): { principal: ApiPrincipal } => ({ principal: authenticate(request) }));
}
