// The command table and dispatcher: argv in, exit code out. Commands are added here by features.
import { parseArgs, renderHelp, UsageError, type Command } from "./args";
import { serveCommand } from "./serve";
import { migrateCommand } from "./migrate";
import { tokenCreate, tokenList, tokenRevoke } from "./token";
import { userAdd, userList, userPasswd, userRm } from "./user";
import { backupCommand, restoreCommand } from "./backup";
import { configCommand, versionCommand, healthcheckCommand } from "./misc";
import { opsCommands } from "./ops-commands";
import { listenCommand } from "./listen";
import { versionLine } from "../build-info";
import { ConfigError } from "../config/load";
import { DataDirError } from "../store/data-dir";
import { StartupError } from "../app";

export const COMMANDS: Command[] = [
  serveCommand, migrateCommand, tokenCreate, tokenList, tokenRevoke, userAdd, userList, userPasswd, userRm,
  backupCommand, restoreCommand, configCommand, versionCommand, healthcheckCommand, ...opsCommands,
  listenCommand,
];

export function registerCommand(c: Command) { COMMANDS.push(c); }

function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    "hookrelay: send, receive, relay, inspect and retry webhooks. One binary.",
    versionLine(),
    "",
    "Usage:\n  hookrelay <command> [arguments] [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary.split(". ")[0].replace(/\.$/, "")}`),
    "",
    "Run 'hookrelay <command> --help' for the options and examples of a command.",
    "",
    "Examples:",
    "  hookrelay serve",
    "  hookrelay token create --name ci",
    "  hookrelay user add admin@example.com --admin < password.txt",
  ].join("\n");
}

/** `hookrelay token --help`: a group's subcommands, then each one's first example. */
function groupHelp(group: string, members: Command[]): string {
  const width = Math.max(...members.map((c) => c.name.length - group.length)) + 2;
  return [
    `hookrelay ${group}: ${members.map((c) => c.name.slice(group.length + 1)).join(", ")}.`,
    "",
    `Usage:\n  hookrelay ${group} <subcommand> [arguments] [options]`,
    "",
    "Subcommands:",
    ...members.map((c) => `  ${c.name.slice(group.length + 1).padEnd(width)}${c.summary.split(". ")[0].replace(/\.$/, "")}`),
    "",
    `Run 'hookrelay ${group} <subcommand> --help' for its options and all its examples.`,
    "",
    "Examples:",
    ...members.map((c) => `  ${c.examples[0]}`),
  ].join("\n");
}

export interface Io { stdout: (s: string) => void; stderr: (s: string) => void; env: Record<string, string | undefined>; stdin: () => Promise<string>; signal?: AbortSignal }

export async function runCli(argv: string[], io: Io): Promise<number> {
  if (!argv.length || argv[0] === "help" || argv[0] === "--help" || argv[0] === "-h") {
    if (argv[1]) return runCli([...argv.slice(1), "--help"], io);
    io.stdout(topHelp());
    return argv.length ? 0 : 2;
  }
  if (argv[0] === "--version" || argv[0] === "-v") { io.stdout(versionLine()); return 0; }
  // Longest match first: "token create" before "token".
  const cmd = [...COMMANDS].sort((a, b) => b.name.length - a.name.length)
    .find((c) => { const w = c.name.split(" "); return w.every((x, i) => argv[i] === x); });
  if (!cmd) {
    const group = COMMANDS.filter((c) => c.name.startsWith(argv[0] + " "));
    if (group.length) {
      if (argv.includes("--help") || argv.includes("-h")) { io.stdout(groupHelp(argv[0], group)); return 0; }
      io.stderr(`hookrelay: '${argv[0]}' needs a subcommand: ${group.map((c) => c.name.split(" ")[1]).join(", ")}`);
      return 2;
    }
    io.stderr(`hookrelay: unknown command '${argv[0]}' (see 'hookrelay --help')`);
    return 2;
  }
  try {
    const parsed = parseArgs(cmd, argv.slice(cmd.name.split(" ").length));
    if (parsed.help) { io.stdout(renderHelp(cmd)); return 0; }
    return await cmd.run({ ...parsed, ...io });
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) { io.stderr(`hookrelay: ${e.message}`); return 2; }
    if (e instanceof DataDirError || e instanceof StartupError) { io.stderr(`hookrelay: ${e.message}`); return 1; }
    io.stderr(`hookrelay: ${(e as Error).message}`);
    return 1;
  }
}
