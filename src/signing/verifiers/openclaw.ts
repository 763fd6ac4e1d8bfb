// OpenClaw gateway hooks: the shared token itself, as `Authorization: Bearer <token>` or
// `x-openclaw-token: <token>`. There is no body signature, so this only authenticates the sender.
import { OK, fail, tokenMatches } from "./common.ts";
import { SECRET_FIELD } from "./config.ts";
import { defineVerifier } from "./define.ts";

type OpenClawConfig = { secret: string };

export const openclaw = defineVerifier<OpenClawConfig>({
  type: "openclaw",
  secretFields: ["secret"],
  fields: { secret: SECRET_FIELD },
  credentialHeaders: () => ["x-openclaw-token", "Authorization"],
  verify(req, { secret }) {
    const direct = req.headers.get("x-openclaw-token");
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.get("Authorization")?.trim() ?? "")?.[1] ?? null;
    if (direct === null && bearer === null) return fail("missing Authorization: Bearer or x-openclaw-token header");
    const ok = tokenMatches(direct, secret) || tokenMatches(bearer, secret);
    return ok ? OK : fail("wrong token");
  },
});
