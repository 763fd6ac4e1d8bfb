// docs/deploy.md's /etc/hookrelay/env example is read by systemd's EnvironmentFile=, which knows
// comments only on their own lines: `KEY=value   # note` makes "value   # note" the value. Parsed
// here the way systemd does, every line must be a comment or an option hookrelay knows, and the
// whole file must load as a configuration.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadConfig } from "../../src/config/load";
import { OPTIONS } from "../../src/config/options";

const doc = readFileSync(resolve(import.meta.dir, "../../docs/deploy.md"), "utf8");
const configure = doc.slice(doc.indexOf("## 2. Configure"));
const block = /```sh\n([\s\S]*?)```/.exec(configure)![1];
const known = new Set(OPTIONS.map((o) => `HOOKRELAY_${o.key.toUpperCase().replace(/-/g, "_")}`));

/** systemd EnvironmentFile: blank lines and lines starting with # or ; are comments; the rest is KEY=VALUE, value as written. */
function parseEnvironmentFile(text: string): [string, string][] {
  return text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#") && !l.startsWith(";"))
    .map((l) => { const i = l.indexOf("="); return [l.slice(0, i), l.slice(i + 1)]; });
}

describe("docs/deploy.md environment file", () => {
  const vars = parseEnvironmentFile(block);

  test("holds only known HOOKRELAY_ options, with no comment after a value", () => {
    expect(vars.length).toBeGreaterThan(5);
    for (const [key, value] of vars) {
      expect(known.has(key), key).toBe(true);
      expect(value, key).not.toContain("#");
      expect(value, key).toBe(value.trim());
    }
  });

  test("loads as a configuration, value for value", () => {
    const env = Object.fromEntries(vars);
    const config = loadConfig({ env, flags: {} });
    expect(config.listen).toBe(env.HOOKRELAY_LISTEN);
    expect(config.operationalWebhookUrl).toBe(env.HOOKRELAY_OPERATIONAL_WEBHOOK_URL);
  });
});
