// `hookrelay token create|list|revoke`: API tokens, stored hashed; the token is printed once.
import type { Command } from "./args";
import { withStore } from "./context";
import { createToken, listTokens, revokeToken } from "../store/tokens";
import { recordAudit } from "../store/audit";

export const tokenCreate: Command = {
  name: "token create",
  summary: "Create an API token and print it (alone, on the last line of stdout). It is shown only once.",
  usage: "hookrelay token create [--name NAME] [--data-dir DIR]",
  flags: [{ name: "name", type: "string", help: "A label for the token (default \"cli\")" }],
  args: { min: 0, max: 0 },
  examples: ["hookrelay token create --name deploy-script", "TOKEN=$(hookrelay token create | tail -n1)"],
  run(input) {
    const name = (input.flags.name as string | undefined) ?? "cli";
    return withStore(input, (store) => {
      const now = Date.now();
      const { token, row } = createToken(store, name, now);
      recordAudit(store, { at: now, actor: "cli", action: "token.create", target: row.id, detail: { name } });
      input.stderr(`created token ${row.id} (${name}); store it now, it cannot be shown again`);
      input.stdout(token);
      return 0;
    });
  },
};

export const tokenList: Command = {
  name: "token list",
  summary: "List API tokens (prefix only, never the token).",
  usage: "hookrelay token list [--json]",
  flags: [{ name: "json", type: "bool", help: "Print JSON" }],
  args: { min: 0, max: 0 },
  examples: ["hookrelay token list"],
  run(input) {
    return withStore(input, (store) => {
      const rows = listTokens(store);
      if (input.flags.json) { input.stdout(JSON.stringify(rows, null, 2)); return 0; }
      if (!rows.length) { input.stdout("no tokens; create one with 'hookrelay token create'"); return 0; }
      input.stdout(["ID".padEnd(32) + "NAME".padEnd(20) + "PREFIX".padEnd(14) + "CREATED".padEnd(26) + "STATUS"]
        .concat(rows.map((r) => r.id.padEnd(32) + r.name.slice(0, 19).padEnd(20) + (r.prefix + "…").padEnd(14) + new Date(r.createdAt).toISOString().padEnd(26) + (r.revokedAt ? "revoked" : "active"))).join("\n"));
      return 0;
    });
  },
};

export const tokenRevoke: Command = {
  name: "token revoke",
  summary: "Revoke an API token by id (or its prefix).",
  usage: "hookrelay token revoke ID",
  args: { min: 1, max: 1 },
  examples: ["hookrelay token revoke tok_2Vb0..."],
  run(input) {
    return withStore(input, (store) => {
      const now = Date.now();
      if (!revokeToken(store, input.args[0], now)) { input.stderr(`hookrelay: no active token ${input.args[0]}`); return 1; }
      recordAudit(store, { at: now, actor: "cli", action: "token.revoke", target: input.args[0] });
      input.stdout(`revoked ${input.args[0]}`);
      return 0;
    });
  },
};
