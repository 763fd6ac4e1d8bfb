// Bearer-token guard for /api/v1 and /ingest/api/v1. Tokens are looked up by hash with a prepared statement.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { tokenVerifier } from "../../store/tokens";
import { unauthorized } from "../errors";

export interface ApiPrincipal { tokenId: string; tokenName: string }

export function bearerAuth(ctx: AppContext) {
  const verify = tokenVerifier(ctx.store);
  return new Elysia({ name: "bearer-auth" })
    // `request.headers`, not Elysia's `headers`: asking for that makes every route under the API
    // copy all request headers into an object first.
    .derive({ as: "scoped" }, ({ request }): { principal: ApiPrincipal } => {
      const h = request.headers.get("authorization") ?? "";
      const m = /^Bearer\s+(\S+)$/i.exec(h);
      if (!m) throw unauthorized();
      const row = verify(m[1], ctx.clock.now());
      if (!row) throw unauthorized("Invalid or revoked token");
      return { principal: { tokenId: row.id, tokenName: row.name } };
    });
}
