// `hookrelay config`, `version` and `healthcheck`.
import type { Command } from "./args";
import { configOf } from "./context";
import { describeConfig } from "../config/load";
import { versionLine } from "../build-info";

export const configCommand: Command = {
  name: "config",
  summary: "Print the effective configuration (secrets redacted) and where each value came from.",
  usage: "hookrelay config [options]",
  serverFlags: true,
  args: { min: 0, max: 0 },
  examples: ["hookrelay config", "HOOKRELAY_LISTEN=0.0.0.0:9000 hookrelay config --config /etc/hookrelay.toml"],
  run(input) {
    input.stdout(describeConfig(configOf(input)).join("\n"));
    return 0;
  },
};

export const versionCommand: Command = {
  name: "version",
  summary: "Print the version, commit, build date and Bun version.",
  usage: "hookrelay version",
  args: { min: 0, max: 0 },
  examples: ["hookrelay version", "hookrelay --version"],
  run(input) { input.stdout(versionLine()); return 0; },
};

export const healthcheckCommand: Command = {
  name: "healthcheck",
  summary: "Exit 0 when the server answers /readyz with 200, else 1. Useful in containers and scripts.",
  usage: "hookrelay healthcheck [URL]",
  args: { min: 0, max: 1 },
  examples: ["hookrelay healthcheck", "hookrelay healthcheck http://127.0.0.1:8080"],
  async run(input) {
    const base = (input.args[0] ?? configOf(input).baseUrl).replace(/\/+$/, "");
    const url = base.endsWith("/readyz") ? base : `${base}/readyz`;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      const body = await res.text();
      input.stdout(`${res.status} ${body}`);
      return res.status === 200 ? 0 : 1;
    } catch (e) {
      input.stderr(`hookrelay: ${url} is not reachable: ${(e as Error).message}`);
      return 1;
    }
  },
};
