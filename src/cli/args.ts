/**
 * @module cli — git-style subcommands. Each command declares its own flags; every command also takes
 * the config-table options (--data-dir, --log-level, ...). Unknown flags fail with one line, exit 2.
 */
import { OPTIONS, envName } from "../config/options";
import { formatOptionValue } from "../config/parse-value";

export interface FlagDef { name: string; type: "string" | "bool" | "list"; help: string; short?: string }

export interface Command {
  name: string; // "token create"
  summary: string;
  usage: string; // "hookrelay token create [--name N]"
  flags?: FlagDef[];
  args?: { min: number; max: number };
  examples: string[];
  /** Whether the config-table options (server settings) are listed in --help. */
  serverFlags?: boolean;
  run(input: CommandInput): Promise<number> | number;
}

export interface CommandInput {
  args: string[];
  flags: Record<string, string | string[] | boolean>;
  /** Flags that belong to the config table (passed to loadConfig). */
  configFlags: Record<string, string | string[] | boolean>;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: Record<string, string | undefined>;
  stdin: () => Promise<string>;
  /** Ends a long-running command (poll --follow) as SIGINT would: for callers in the same process. */
  signal?: AbortSignal;
}

export class UsageError extends Error {}

const CONFIG_FLAGS = new Map(OPTIONS.map((o) => [o.key, o]));

export function parseArgs(cmd: Command, argv: string[]): { args: string[]; flags: CommandInput["flags"]; configFlags: CommandInput["configFlags"]; help: boolean } {
  const own = new Map((cmd.flags ?? []).map((f) => [f.name, f]));
  const shorts = new Map((cmd.flags ?? []).filter((f) => f.short).map((f) => [f.short!, f]));
  const args: string[] = [];
  const flags: CommandInput["flags"] = {};
  const configFlags: CommandInput["configFlags"] = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") { args.push(...argv.slice(i + 1)); break; }
    if (a === "--help" || a === "-h") { help = true; continue; }
    if (!a.startsWith("-") || a === "-") { args.push(a); continue; }
    let name: string; let value: string | undefined;
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      value = eq > 0 ? a.slice(eq + 1) : undefined;
    } else {
      const f = shorts.get(a.slice(1));
      if (!f) throw new UsageError(`unknown flag ${a} for '${cmd.name}' (see 'hookrelay ${cmd.name} --help')`);
      name = f.name;
    }
    const def = own.get(name);
    const cdef = CONFIG_FLAGS.get(name) ?? (name === "config" ? { type: "string" as const } : undefined);
    if (!def && !cdef) throw new UsageError(`unknown flag --${name} for '${cmd.name}' (see 'hookrelay ${cmd.name} --help')`);
    const type = def ? def.type : cdef!.type === "bool" ? "bool" : cdef!.type === "list" ? "list" : "string";
    if (type === "bool") {
      const v = value === undefined ? true : !["false", "0", "no", "off"].includes(value.toLowerCase());
      (def ? flags : configFlags)[name] = def ? v : String(v);
      continue;
    }
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`flag --${name} needs a value (see 'hookrelay ${cmd.name} --help')`);
      value = argv[++i];
    }
    const target = def ? flags : configFlags;
    if (type === "list") target[name] = [...((target[name] as string[] | undefined) ?? []), ...value.split(",").map((s) => s.trim()).filter(Boolean)];
    else target[name] = value;
  }
  if (cmd.args && !help) {
    if (args.length < cmd.args.min) throw new UsageError(`'${cmd.name}' needs ${cmd.args.min === cmd.args.max ? cmd.args.min : "at least " + cmd.args.min} argument${cmd.args.min === 1 ? "" : "s"}: ${cmd.usage}`);
    if (args.length > cmd.args.max) throw new UsageError(`'${cmd.name}' takes at most ${cmd.args.max} argument${cmd.args.max === 1 ? "" : "s"}: ${cmd.usage}`);
  }
  return { args, flags, configFlags, help };
}

export function renderHelp(cmd: Command): string {
  const lines = [`${cmd.summary}`, "", `Usage:\n  ${cmd.usage}`];
  if (cmd.flags?.length) {
    lines.push("", "Flags:");
    for (const f of cmd.flags) lines.push(`  ${(f.short ? `-${f.short}, ` : "") + "--" + f.name}${f.type === "bool" ? "" : " VALUE"}`.padEnd(30) + f.help);
  }
  if (cmd.serverFlags) {
    lines.push("", "Options (also env HOOKRELAY_<NAME> and config-file keys; flags > env > file > defaults):");
    lines.push(`  --config FILE`.padEnd(36) + "TOML or JSON config file (HOOKRELAY_CONFIG)");
    for (const o of OPTIONS) {
      const d = o.default === null || (Array.isArray(o.default) && !o.default.length) ? "" : ` (default ${formatOptionValue(o, o.default)})`;
      lines.push(`  --${o.key}${o.type === "bool" ? "" : " " + (o.values ? o.values.join("|") : o.type.toUpperCase())}`.padEnd(36) + o.help + d + `  [${envName(o.key)}]`);
    }
  } else {
    lines.push("", "Common options: --data-dir DIR (HOOKRELAY_DATA_DIR), --config FILE; see 'hookrelay serve --help' for all.");
  }
  lines.push("", "Examples:", ...cmd.examples.map((e) => "  " + e));
  return lines.join("\n");
}
