// Operations commands (systemd unit, scripting client), listed once so src/cli/index.ts needs one line.
import type { Command } from "./args";
import { systemdUnitCommand } from "./systemd";
import { clientCommands } from "./client-commands";

export const opsCommands: Command[] = [systemdUnitCommand, ...clientCommands];
