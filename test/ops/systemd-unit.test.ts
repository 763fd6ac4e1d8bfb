import { describe, expect, test, afterAll } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runCli } from "../../src/cli";
import { spawnWatched } from "../helpers/process";

const work = mkdtempSync(join(tmpdir(), "hookrelay-unit-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(argv: string[]) {
  const out: string[] = []; const err: string[] = [];
  const code = await runCli(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env: {}, stdin: async () => "" });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** INI sections → key → values (a key may repeat, e.g. Environment=). */
function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  let section = "";
  for (const line of text.split("\n")) {
    if (!line.trim() || line.startsWith("#")) continue;
    const s = /^\[(\w+)\]$/.exec(line);
    if (s) { section = s[1]; out[section] = {}; continue; }
    const i = line.indexOf("=");
    expect(i).toBeGreaterThan(0);
    (out[section][line.slice(0, i)] ??= []).push(line.slice(i + 1));
  }
  return out;
}

describe("hookrelay systemd-unit", () => {
  test("prints a hardened unit with a dedicated user, state directory, env file and HUP reload", async () => {
    const r = await run(["systemd-unit"]);
    expect(r.code).toBe(0);
    const u = parseUnit(r.out);
    expect(Object.keys(u)).toEqual(["Unit", "Service", "Install"]);
    const s = u.Service;
    expect(s.Type).toEqual(["exec"]);
    expect(s.User).toEqual(["hookrelay"]);
    expect(s.Group).toEqual(["hookrelay"]);
    expect(s.ExecStart).toEqual(["/usr/local/bin/hookrelay serve"]);
    expect(s.ExecReload).toEqual(["/bin/kill -HUP $MAINPID"]);
    expect(s.Restart).toEqual(["on-failure"]);
    expect(s.StateDirectory).toEqual(["hookrelay"]);
    expect(s.EnvironmentFile).toEqual(["-/etc/hookrelay/env"]);
    expect(s.Environment).toContain("HOOKRELAY_DATA_DIR=/var/lib/hookrelay");
    for (const k of ["NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices", "RestrictSUIDSGID"]) expect(s[k]).toEqual(["yes"]);
    expect(s.ProtectSystem).toEqual(["strict"]);
    expect(s.CapabilityBoundingSet).toEqual([""]);
    expect(s.AmbientCapabilities).toBeUndefined();
    expect(s.MemoryDenyWriteExecute).toBeUndefined();
    expect(u.Install.WantedBy).toEqual(["multi-user.target"]);
  });

  test("a listen port below 1024 grants only CAP_NET_BIND_SERVICE and is passed to serve", async () => {
    const u = parseUnit((await run(["systemd-unit", "--listen", "0.0.0.0:443", "--binary", "/opt/hook relay/hookrelay", "--user", "relay"])).out);
    expect(u.Service.AmbientCapabilities).toEqual(["CAP_NET_BIND_SERVICE"]);
    expect(u.Service.CapabilityBoundingSet).toEqual(["CAP_NET_BIND_SERVICE"]);
    expect(u.Service.ExecStart).toEqual(['"/opt/hook relay/hookrelay" serve --listen 0.0.0.0:443']);
    expect(u.Service.User).toEqual(["relay"]);
  });

  test("a relative binary path or a bad user name is a usage error (exit 2)", async () => {
    expect((await run(["systemd-unit", "--binary", "hookrelay"])).code).toBe(2);
    expect((await run(["systemd-unit", "--user", "Root User"])).code).toBe(2);
  });

  // CI machines without systemd skip only this check; the structure test above still runs.
  test.skipIf(!Bun.which("systemd-analyze"))("systemd-analyze verify accepts the unit without a warning", async () => {
    const file = join(work, "hookrelay.service");
    writeFileSync(file, (await run(["systemd-unit", "--binary", process.execPath])).out + "\n");
    const r = Bun.spawnSync(["systemd-analyze", "verify", file], { stderr: "pipe", stdout: "pipe" });
    const err = r.stderr.toString().split("\n").filter((l) => l.includes("hookrelay.service")).join("\n");
    expect(err).toBe("");
    expect(r.exitCode).toBe(0);
  });

  test("systemd-analyze would catch a unit whose binary does not exist (the check is real)", () => {
    if (!Bun.which("systemd-analyze")) return expect(Bun.which("systemd-analyze")).toBeNull();
    const file = join(work, "missing.service");
    writeFileSync(file, "[Service]\nType=exec\nExecStart=/nonexistent/hookrelay serve\n");
    expect(Bun.spawnSync(["systemd-analyze", "verify", file], { stderr: "pipe" }).exitCode).not.toBe(0);
  });

  /** Starts `serve --config` with `firstLines`, rewrites the file to log-level debug, sends SIGHUP, returns the reload line. */
  async function reloadToDebug(name: string, firstLines: string, env: Record<string, string> = {}): Promise<string> {
    const dir = join(work, name);
    const cfg = join(work, `${name}.toml`);
    writeFileSync(cfg, `data-dir = "${dir}"\n${firstLines}`);
    const root = resolve(import.meta.dir, "../..");
    const p = spawnWatched([process.execPath, "src/main.ts", "serve", "--listen", "127.0.0.1:0", "--config", cfg], { cwd: root, env });
    try {
      const started = await p.waitForLine(/server started/);
      // Bun installs signal handlers on a later turn of the event loop: one answered request proves it turned.
      const url = /listen=(\S+)/.exec(started)![1];
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      writeFileSync(cfg, `data-dir = "${dir}"\nlog-level = "debug"\n`);
      p.proc.kill("SIGHUP");
      return await p.waitForLine(/reloaded log level/);
    } finally {
      p.proc.kill("SIGTERM");
      await p.proc.exited;
    }
  }

  test("SIGHUP (the unit's ExecReload) makes a running server re-read its log level from the config file", async () => {
    expect(await reloadToDebug("hup", `log-level = "info"\n`)).toContain("debug");
  }, 30_000);

  test("on SIGHUP the config file's log level wins over a HOOKRELAY_LOG_LEVEL fixed in the environment at start", async () => {
    expect(await reloadToDebug("hup-env", "", { HOOKRELAY_LOG_LEVEL: "info" })).toContain("new_level=debug");
  }, 30_000);
});
