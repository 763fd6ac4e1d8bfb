import { describe, expect, test, afterAll } from "bun:test";
import { mkdtempSync, rmSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createHash } from "node:crypto";
import pkg from "../../package.json";

const root = resolve(import.meta.dir, "../..");
const out = mkdtempSync(join(tmpdir(), "hookrelay-release-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const ELF_MACHINE: Record<string, number> = { x64: 0x3e, arm64: 0xb7 };

describe("bun run release", () => {
  test("builds versioned Linux binaries for x64 and arm64 with a SHA256SUMS that matches, and the host one runs", () => {
    const r = Bun.spawnSync([process.execPath, "scripts/release.ts", "--targets", "linux-x64,linux-arm64", "--out", out], { cwd: root, stdout: "pipe", stderr: "pipe" });
    expect(r.stdout.toString()).toContain("2 built, 0 failed");
    expect(r.exitCode).toBe(0);
    const names = [`hookrelay-${pkg.version}-linux-x64`, `hookrelay-${pkg.version}-linux-arm64`];
    expect(readdirSync(out).sort()).toEqual(["SHA256SUMS", ...names].sort());
    const sums = readFileSync(join(out, "SHA256SUMS"), "utf8").trim().split("\n").map((l) => l.split("  "));
    expect(sums.map(([, n]) => n).sort()).toEqual([...names].sort());
    for (const [hex, name] of sums) {
      const bytes = readFileSync(join(out, name));
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(hex);
      expect([...bytes.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]); // ELF
      expect(bytes.readUInt16LE(18)).toBe(ELF_MACHINE[name.endsWith("arm64") ? "arm64" : "x64"]);
    }
    const host = join(out, `hookrelay-${pkg.version}-linux-${process.arch}`);
    if (process.platform === "linux" && ELF_MACHINE[process.arch]) {
      const v = Bun.spawnSync([host, "--version"], { stdout: "pipe" });
      expect(v.stdout.toString()).toStartWith(`hookrelay ${pkg.version} (`);
    }
  }, 240_000);

  test("an unknown target is refused with exit 2 before building anything", () => {
    const r = Bun.spawnSync([process.execPath, "scripts/release.ts", "--targets", "windows-x64", "--out", join(out, "none")], { cwd: root, stderr: "pipe" });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.toString()).toContain("unknown target windows-x64");
  });
});
