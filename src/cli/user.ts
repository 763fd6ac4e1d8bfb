// `hookrelay user add|list|passwd|rm`: web UI accounts. Passwords come from stdin or HOOKRELAY_PASSWORD.
import type { Command } from "./args";
import { withStore, readPassword } from "./context";
import { insertUser, listUsers, setPassword, deleteUser, findUserByEmail } from "../store/users";
import { recordAudit } from "../store/audit";
import { hashPassword, validEmail } from "../auth/passwords";

export const userAdd: Command = {
  name: "user add",
  summary: "Add a web UI user. The password is read from stdin or HOOKRELAY_PASSWORD.",
  usage: "hookrelay user add EMAIL [--admin]",
  flags: [{ name: "admin", type: "bool", help: "Give the admin role (default: member)" }],
  args: { min: 1, max: 1 },
  examples: ["echo 'a long passphrase' | hookrelay user add ops@example.com --admin", "HOOKRELAY_PASSWORD=... hookrelay user add dev@example.com"],
  async run(input) {
    const email = input.args[0].toLowerCase();
    if (!validEmail(email)) { input.stderr(`hookrelay: "${email}" is not an email address`); return 2; }
    const password = await readPassword(input);
    const hash = await hashPassword(password);
    return withStore(input, (store) => {
      if (findUserByEmail(store, email)) { input.stderr(`hookrelay: user ${email} already exists`); return 1; }
      const now = Date.now();
      const u = insertUser(store, { email, passwordHash: hash, role: input.flags.admin ? "admin" : "member" }, now);
      recordAudit(store, { at: now, actor: "cli", action: "user.create", target: email, detail: { role: u.role } });
      input.stdout(`added ${u.role} ${email}`);
      return 0;
    });
  },
};

export const userList: Command = {
  name: "user list",
  summary: "List web UI users.",
  usage: "hookrelay user list [--json]",
  flags: [{ name: "json", type: "bool", help: "Print JSON" }],
  args: { min: 0, max: 0 },
  examples: ["hookrelay user list"],
  run(input) {
    return withStore(input, (store) => {
      const rows = listUsers(store);
      if (input.flags.json) { input.stdout(JSON.stringify(rows, null, 2)); return 0; }
      if (!rows.length) { input.stdout("no users; add one with 'hookrelay user add EMAIL --admin'"); return 0; }
      input.stdout(rows.map((u) => `${u.email.padEnd(40)} ${u.role.padEnd(8)} ${new Date(u.createdAt).toISOString()}`).join("\n"));
      return 0;
    });
  },
};

export const userPasswd: Command = {
  name: "user passwd",
  summary: "Set a user's password (from stdin or HOOKRELAY_PASSWORD).",
  usage: "hookrelay user passwd EMAIL",
  args: { min: 1, max: 1 },
  examples: ["echo 'new passphrase' | hookrelay user passwd ops@example.com"],
  async run(input) {
    const hash = await hashPassword(await readPassword(input));
    return withStore(input, (store) => {
      const now = Date.now();
      if (!setPassword(store, input.args[0], hash, now)) { input.stderr(`hookrelay: no user ${input.args[0]}`); return 1; }
      store.sqlite.run("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = ?)", [input.args[0].toLowerCase()]);
      recordAudit(store, { at: now, actor: "cli", action: "user.passwd", target: input.args[0] });
      input.stdout(`password changed for ${input.args[0]}; their sessions were signed out`);
      return 0;
    });
  },
};

export const userRm: Command = {
  name: "user rm",
  summary: "Remove a user.",
  usage: "hookrelay user rm EMAIL",
  args: { min: 1, max: 1 },
  examples: ["hookrelay user rm dev@example.com"],
  run(input) {
    return withStore(input, (store) => {
      if (!deleteUser(store, input.args[0])) { input.stderr(`hookrelay: no user ${input.args[0]}`); return 1; }
      recordAudit(store, { at: Date.now(), actor: "cli", action: "user.delete", target: input.args[0] });
      input.stdout(`removed ${input.args[0]}`);
      return 0;
    });
  },
};
