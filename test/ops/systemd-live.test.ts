// The unit `hookrelay systemd-unit` prints, run by a live systemd: systemd boots as PID 1 of its
// own PID, mount, cgroup, UTS and IPC namespaces, with the host's root mounted read-only and tmpfs
// over /run, /tmp and /var, so nothing it does reaches the machine running the tests. Only the
// network is shared: the relay listens on loopback and delivers to a receiver there.
// Skipped where it cannot run: not Linux, not root, no systemd or unshare, or namespaces refused.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Webhook } from "standardwebhooks";
import { freePort, spawnWatched, type Spawned } from "../helpers/process";
import { startReceiver } from "../helpers/receiver";

const root = resolve(import.meta.dir, "../..");
const SYSTEMD = "/lib/systemd/systemd";

function canBoot(): boolean {
  if (process.platform !== "linux" || process.getuid?.() !== 0) return false;
  if (!["unshare", "nsenter", "runuser", "script"].every((c) => Bun.which(c)) || !Bun.file(SYSTEMD).size) return false;
  // The sandbox needs these namespaces and a cgroup2 mount inside them.
  const probe = Bun.spawnSync(["unshare", "--pid", "--fork", "--mount", "--cgroup", "sh", "-c",
    "mount --make-rprivate / && umount -l /sys/fs/cgroup 2>/dev/null; mount -t cgroup2 none /sys/fs/cgroup"], { stderr: "pipe" });
  return probe.exitCode === 0;
}
const available = canBoot();

const work = mkdtempSync(join(tmpdir(), "hookrelay-systemd-"));
const port = freePort();
let boot: Spawned | null = null;
let pid1 = 0;

/** Runs a command inside the sandbox (as root unless it says otherwise). */
function inside(cmd: string[]): { code: number; out: string; err: string } {
  const r = Bun.spawnSync(["nsenter", "-t", String(pid1), "-m", "-p", "-u", "-i", "-r", "-w", ...cmd], { stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode ?? -1, out: r.stdout.toString(), err: r.stderr.toString() };
}
const systemctl = (...args: string[]) => inside(["systemctl", "--no-pager", ...args]);
const show = (prop: string) => systemctl("show", "-p", prop, "--value", "hookrelay.service").out.trim();
/** `sudo -u hookrelay hookrelay token create` of docs/deploy.md (runuser: no sudo in the sandbox). */
const serviceToken = (name: string) =>
  inside(["runuser", "-u", "hookrelay", "--", "/usr/local/bin/hookrelay", "token", "create", "--name", name, "--data-dir", "/var/lib/hookrelay"]);

/** Lines the sandbox has printed matching `re`: systemd's own and, by the drop-in, the service's. */
const count = (re: RegExp) => boot!.lines.filter((l) => re.test(l)).length;

const childrenOf = (pid: number): number[] => {
  try { return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number); } catch { return []; }
};
/** systemd's pid on this side: the descendant of `script` named systemd. How many processes lie
 * between depends on the shell `script` runs the command with (bash execs it, dash forks first). */
function sandboxInit(): number {
  const queue = [boot!.proc.pid];
  while (queue.length) {
    const pid = queue.shift()!;
    let comm = "";
    try { comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim(); } catch { /* ended */ }
    if (comm === "systemd") return pid;
    queue.push(...childrenOf(pid));
  }
  return 0;
}

beforeAll(async () => {
  if (!available) return;
  const etc = join(work, "etc"), units = join(etc, "systemd-system"), bin = join(work, "bin");
  mkdirSync(join(units, "hookrelay.service.d"), { recursive: true });
  mkdirSync(bin);
  const build = Bun.spawnSync(["bun", "scripts/build.ts", "--outfile", join(work, "build", "hookrelay")], { cwd: root, stderr: "pipe", stdout: "pipe" });
  if (build.exitCode !== 0) throw new Error(build.stderr.toString());
  copyFileSync(join(work, "build", "hookrelay"), join(bin, "hookrelay"));
  // The unit exactly as an operator gets it (docs/deploy.md), installed at its default path.
  const unit = Bun.spawnSync([join(bin, "hookrelay"), "systemd-unit"], { stdout: "pipe" }).stdout.toString();
  writeFileSync(join(units, "hookrelay.service"), unit);
  // What an operator puts in /etc/hookrelay/env, as a drop-in; and the service's output on the console too.
  writeFileSync(join(units, "hookrelay.service.d", "test.conf"), [
    "[Service]", `Environment=HOOKRELAY_LISTEN=127.0.0.1:${port}`, "Environment=HOOKRELAY_ALLOW_PRIVATE_DESTINATIONS=true",
    "StandardOutput=journal+console", "StandardError=journal+console", "",
  ].join("\n"));
  writeFileSync(join(units, "hookrelay-test.target"), "[Unit]\nDescription=hookrelay live test\nWants=hookrelay.service\n");
  // The system user of docs/deploy.md, in the sandbox's copy of the user database only.
  writeFileSync(join(etc, "passwd"), `${readFileSync("/etc/passwd", "utf8")}hookrelay:x:990:990:hookrelay:/var/lib/hookrelay:/usr/sbin/nologin\n`);
  writeFileSync(join(etc, "group"), `${readFileSync("/etc/group", "utf8")}hookrelay:x:990:\n`);
  const script = join(work, "boot.sh");
  writeFileSync(script, [
    "set -e",
    "mount --make-rprivate /",
    `mount --bind ${units} /etc/systemd/system`,
    `mount --bind ${join(etc, "passwd")} /etc/passwd`,
    `mount --bind ${join(etc, "group")} /etc/group`,
    `mount --bind ${bin} /usr/local/bin`,
    "mount -o remount,bind,ro /",
    "for d in /run /tmp /var/tmp /var/lib /var/log; do mount -t tmpfs tmpfs $d; done",
    "mount -t proc proc /proc",
    "mount --bind /proc/sys /proc/sys && mount -o remount,bind,ro /proc/sys",
    "umount -l /sys/fs/cgroup 2>/dev/null || true",
    "mount -t cgroup2 none /sys/fs/cgroup",
    // systemd logs to /dev/console: here, the pseudo-terminal `script` gives the sandbox.
    'mount --bind "$(tty)" /dev/console',
    "export container=hookrelay-test",
    `exec ${SYSTEMD} --system --unit=hookrelay-test.target --log-target=console --log-level=info --show-status=0`,
  ].join("\n"));
  boot = spawnWatched(["script", "-qfec", `unshare --pid --fork --mount --cgroup --uts --ipc bash ${script}`, "/dev/null"]);
  await boot.waitForLine(/server started/, 30_000);
  pid1 = sandboxInit();
  if (!pid1) throw new Error("systemd started the service, but its process was not found under `script`");
}, 120_000);

afterAll(async () => {
  // SIGKILL to a PID namespace's init ends every process in it; the mounts go with the namespace.
  const init = pid1 || (boot ? sandboxInit() : 0);
  if (init) try { process.kill(init, "SIGKILL"); } catch { /* already gone */ }
  if (boot) await boot.proc.exited;
  rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!available)("the systemd unit under a live systemd", () => {
  test("starts as its own user with its state directory, answers /readyz, and makes tokens as the service user", () => {
    expect(show("ActiveState")).toBe("active");
    const main = show("MainPID");
    expect(inside(["stat", "-c", "%U", `/proc/${main}`]).out.trim()).toBe("hookrelay");
    expect(inside(["stat", "-c", "%U %a", "/var/lib/hookrelay"]).out.trim()).toBe("hookrelay 700");
    expect(inside(["stat", "-c", "%U %a", "/var/lib/hookrelay/encryption.key"]).out.trim()).toBe("hookrelay 600");
    const health = Bun.spawnSync([join(work, "bin", "hookrelay"), "healthcheck", `http://127.0.0.1:${port}`], { stdout: "pipe" });
    expect(health.exitCode).toBe(0);
    const made = serviceToken("ops");
    expect(made.code).toBe(0);
    expect(made.out.trim().split("\n").at(-1)).toMatch(/^hr_/);
  });

  test("the hardening leaves an exposure level systemd rates OK or better", () => {
    const r = inside(["systemd-analyze", "security", "--no-pager", "hookrelay.service"]);
    const level = Number(/Overall exposure level for hookrelay\.service: ([\d.]+)/.exec(r.out)?.[1]);
    expect(level).toBeLessThanOrEqual(4.9); // systemd: 2.0–4.9 "OK", under 2 "SAFE"
  });

  test("delivers signed, reloads on HUP, and after kill -9 systemd restarts it and every acknowledged message is delivered", async () => {
    const token = serviceToken("live").out.trim().split("\n").at(-1)!;
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      expect(res.status).toBeLessThan(300);
      return (await res.json()) as Record<string, any>;
    };
    const receiver = startReceiver();
    try {
      const app = await api("POST", "/app", { name: "live", uid: "live" });
      // Retries one second apart, so the test waits seconds, not the default schedule's minutes.
      const ep = await api("POST", `/app/${app.id}/endpoint`, { url: `${receiver.url}/hook`, retrySchedule: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1] });
      const { key } = await api("GET", `/app/${app.id}/endpoint/${ep.id}/secret`);
      const first = await api("POST", `/app/${app.id}/msg`, { eventType: "live.test", payload: { n: 0 } });
      const [got] = await receiver.waitFor(1);
      expect(new Webhook(key).verify(got.body, got.headers)).toEqual({ n: 0 });
      expect(got.headers["webhook-id"]).toBe(first.id);

      const beforeReload = boot!.lines.length;
      expect(systemctl("reload", "hookrelay.service").code).toBe(0);
      await boot!.waitForLine(/reloaded log level/, 15_000, beforeReload);

      // The receiver fails while ten messages are acknowledged; then the relay is killed outright.
      receiver.fallback = () => new Response("down", { status: 503 });
      const ids: string[] = [];
      for (let i = 1; i <= 10; i++) ids.push((await api("POST", `/app/${app.id}/msg`, { eventType: "live.test", payload: { n: i } })).id);
      await receiver.waitFor(11);
      const before = show("MainPID");
      const mark = boot!.lines.length;
      expect(inside(["kill", "-9", before]).code).toBe(0);
      await boot!.waitForLine(/server started/, 20_000, mark); // systemd started it again (Restart=on-failure)
      expect(show("MainPID")).not.toBe(before);
      expect(count(/Main process exited, code=killed, status=9\/KILL/)).toBe(1);
      // From now on the receiver answers 200: each of the ten must arrive again and be accepted.
      const from = receiver.requests.length;
      receiver.fallback = () => new Response("ok");
      const answered = (reqs: typeof receiver.requests) => new Set(reqs.slice(from).map((r) => r.headers["webhook-id"]));
      // The receiver's side is the proof: the attempt log commits a result just after its answer.
      await receiver.until((reqs) => ids.every((id) => answered(reqs).has(id)), 30_000);
    } finally {
      receiver.close();
    }
  }, 60_000);

  test("systemctl stop drains and exits 0: the unit ends inactive with Result=success", async () => {
    const mark = boot!.lines.length;
    expect(systemctl("stop", "hookrelay.service").code).toBe(0);
    await boot!.waitForLine(/stopped cleanly/, 15_000, mark);
    expect(show("ActiveState")).toBe("inactive");
    expect(show("Result")).toBe("success");
    expect(show("ExecMainStatus")).toBe("0");
  });
});
