// Help for receivers' developers: GET /docs/verify shows the signature headers, the signing formula and
// short verification code in five languages.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { VerifyHelpPage } from "../../../views/pages/verify-help";
import { uiSession } from "./session";
import { uiRoute, page } from "./ui-route";

export function helpPages(ctx: AppContext) {
  return new Elysia()
    .use(uiSession(ctx))
    .get("/docs/verify", uiRoute(ctx, (c) => page(<VerifyHelpPage shell={c.shell} />)));
}
