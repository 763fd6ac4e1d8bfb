// `hookrelay systemd-unit`: prints a hardened systemd unit for this binary (see docs/deploy.md).
import { isAbsolute } from "node:path";
import type { Command } from "./args";
import { UsageError } from "./args";
import { renderSystemdUnit, UNIT_DEFAULTS } from "../ops/systemd-unit";

export const systemdUnitCommand: Command = {
  name: "systemd-unit",
  summary: "Print a hardened systemd service unit for hookrelay (dedicated user, state in /var/lib/hookrelay).",
  usage: "hookrelay systemd-unit [--binary PATH] [--user NAME] [--listen HOST:PORT] > /etc/systemd/system/hookrelay.service",
  flags: [
    { name: "binary", type: "string", help: `Path of the installed binary (default ${UNIT_DEFAULTS.binary})` },
    { name: "user", type: "string", help: `System user and group to run as (default ${UNIT_DEFAULTS.user})` },
  ],
  args: { min: 0, max: 0 },
  examples: [
    "hookrelay systemd-unit | sudo tee /etc/systemd/system/hookrelay.service",
    "hookrelay systemd-unit --binary /opt/hookrelay/hookrelay --listen 0.0.0.0:443",
  ],
  run(input) {
    const binary = (input.flags.binary as string | undefined) ?? UNIT_DEFAULTS.binary;
    if (!isAbsolute(binary)) throw new UsageError(`--binary must be an absolute path, got ${binary}`);
    const user = (input.flags.user as string | undefined) ?? UNIT_DEFAULTS.user;
    if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(user)) throw new UsageError(`--user must be a system user name such as hookrelay, got ${user}`);
    const listen = input.configFlags.listen as string | undefined;
    const port = listen ? Number(listen.slice(listen.lastIndexOf(":") + 1)) : NaN;
    input.stdout(renderSystemdUnit({
      binary, user,
      serveArgs: listen ? ["--listen", listen] : [],
      privilegedPort: Number.isInteger(port) && port > 0 && port < 1024,
    }).trimEnd());
    return 0;
  },
};
