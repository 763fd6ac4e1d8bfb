// First run: create the admin from HOOKRELAY_ADMIN_EMAIL/PASSWORD, or issue the one-time setup link
// that the startup banner prints. No page lets an anonymous visitor become admin without that link.
import type { AppContext } from "../app-context";
import { countUsers, insertUser } from "../store/users";
import { recordAudit } from "../store/audit";
import { hashPassword } from "./passwords";
import { issueSetupToken, SETUP_TTL_MS } from "./setup-token";

export async function bootstrapAdmin(ctx: AppContext): Promise<void> {
  const { config, store, clock, log } = ctx;
  if (countUsers(store) > 0) return;
  if (config.adminEmail && config.adminPassword) {
    insertUser(store, { email: config.adminEmail, passwordHash: await hashPassword(config.adminPassword), role: "admin" }, clock.now());
    recordAudit(store, { at: clock.now(), actor: "system", action: "user.create", target: config.adminEmail, detail: { role: "admin", via: "env" } });
    log.info("created the first admin from the environment", { email: config.adminEmail });
    return;
  }
  const token = issueSetupToken(store, clock.now());
  if (!token) return;
  const link = `${config.baseUrl}/setup?token=${token}`;
  ctx.services.setupLink = link;
  ctx.services.bannerLines = () => [
    "",
    `  First run: create the first admin at ${link}`,
    `  (valid ${SETUP_TTL_MS / 60_000} minutes), or run: hookrelay user add EMAIL --admin`,
  ];
  // The link is logged too (single use, 30 minutes): under systemd the log is where operators look.
  log.info("no users yet: open the setup link to create the first admin", { setup_url: link, valid_minutes: SETUP_TTL_MS / 60_000 });
}
