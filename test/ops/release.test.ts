// `bun run release` without the network: the host target compiles from the running Bun itself; a
// cross target needs Bun's runtime for that platform, which Bun downloads on a cold cache, so that
// test runs only when the runtime is already cached (`bun run release` itself is what fetches them).
import { describe, expect, test, afterAll } from "bun:test";
import { existsSync, mkdtempSync, rmSync, readFileSync, readdirSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createHash } from "node:crypto";
import pkg from "../../package.json";

const root = resolve(import.meta.dir, "../..");
const out = mkdtempSync(join(tmpdir(), "hookrelay-release-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const ELF_MACHINE: Record<string, number> = { x64: 0x3e, arm64: 0xb7 };
const HOST = `${process.platform}-${process.arch}`;
const CROSS = process.platform === "linux" && process.arch === "x64" ? "linux-arm64" : "linux-x64";

/** Where Bun keeps downloaded compile targets (its install cache), in Bun's own lookup order. */
function bunCacheDir(): string {
  const env = process.env;
  if (env.BUN_INSTALL_CACHE_DIR) return env.BUN_INSTALL_CACHE_DIR;
  if (env.BUN_INSTALL) return join(env.BUN_INSTALL, "install", "cache");
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, ".bun", "install", "cache");
  return join(homedir(), ".bun", "install", "cache");
}
/** The cached runtime a cross-compile to `target` would otherwise download, e.g. bun-linux-aarch64-v1.4.5. */
const cachedRuntime = (target: string) => {
  const [os, arch] = target.split("-");
  return join(bunCacheDir(), `bun-${os}-${arch === "arm64" ? "aarch64" : arch}-v${Bun.version}`);
};

function release(targets: string[], dir: string) {
  // The cache dir is pinned so the build reads exactly the runtime checked for above.
  const r = Bun.spawnSync([process.execPath, "scripts/release.ts", "--targets", targets.join(","), "--out", dir], {
    cwd: root, stdout: "pipe", stderr: "pipe", env: { ...process.env, BUN_INSTALL_CACHE_DIR: bunCacheDir() },
  });
  return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

function checkSums(dir: string, names: string[]) {
  expect(readdirSync(dir).sort()).toEqual(["SHA256SUMS", ...names].sort());
  const sums = readFileSync(join(dir, "SHA256SUMS"), "utf8").trim().split("\n").map((l) => l.split("  "));
  expect(sums.map(([, n]) => n).sort()).toEqual([...names].sort());
  for (const [hex, name] of sums) expect(createHash("sha256").update(readFileSync(join(dir, name))).digest("hex")).toBe(hex);
}

describe("bun run release", () => {
  test.skipIf(!["linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64"].includes(HOST))("builds the host's versioned binary with a matching SHA256SUMS, and it runs", () => {
    const dir = join(out, "host");
    const r = release([HOST], dir);
    expect(r.stdout).toContain("1 built, 0 failed");
    expect(r.code).toBe(0);
    const name = `hookrelay-${pkg.version}-${HOST}`;
    checkSums(dir, [name]);
    const bytes = readFileSync(join(dir, name));
    if (process.platform === "linux") {
      expect([...bytes.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]); // ELF
      expect(bytes.readUInt16LE(18)).toBe(ELF_MACHINE[process.arch]);
    }
    const v = Bun.spawnSync([join(dir, name), "--version"], { stdout: "pipe" });
    expect(v.stdout.toString()).toStartWith(`hookrelay ${pkg.version} (`);
  }, 120_000);

  // Skipped on a cold cache: compiling would download the target runtime, and tests fetch nothing.
  test.skipIf(!existsSync(cachedRuntime(CROSS)))(`cross-compiles ${CROSS} from the runtime already in Bun's cache`, () => {
    const dir = join(out, "cross");
    const r = release([CROSS], dir);
    expect(r.stdout).toContain("1 built, 0 failed");
    const name = `hookrelay-${pkg.version}-${CROSS}`;
    checkSums(dir, [name]);
    const bytes = readFileSync(join(dir, name));
    expect([...bytes.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    expect(bytes.readUInt16LE(18)).toBe(ELF_MACHINE[CROSS.split("-")[1]]);
  }, 120_000);

  test("an unknown target is refused with exit 2 before building anything", () => {
    const r = release(["windows-x64"], join(out, "none"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown target windows-x64");
  });
});
