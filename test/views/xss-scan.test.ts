// Runs @kitajs/ts-html-plugin's xss-scan over every view: it fails on any JSX child that
// could carry user text without `safe` (K601), which kitajs would emit unescaped.
import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "../..");
const TIMEOUT = 60_000; // the scan builds a TypeScript program: several seconds

async function xssScan(files: string[]): Promise<{ code: number; out: string }> {
  // `bun x --bun` runs the CLI on Bun itself, so CI needs no Node; -p pins the root tsconfig
  // (JSX import source and the plugin); explicit files keep the scan to views/ only.
  const proc = Bun.spawn([process.execPath, "x", "--bun", "xss-scan", "-s", "-p", "tsconfig.json", ...files], {
    cwd: ROOT,
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, out: out + err };
}

describe("xss-scan", () => {
  test("finds no unescaped user content in any view (exit 0)", async () => {
    const files = [...new Bun.Glob("views/**/*.tsx").scanSync({ cwd: ROOT })].sort();
    expect(files.length).toBeGreaterThan(10);
    const { code, out } = await xssScan(files);
    if (code !== 0) console.error(out);
    expect(code).toBe(0);
  }, TIMEOUT);

  test("fails (exit 1) on a child rendered without safe, so the check above can fail", async () => {
    // Negative control: proves the invocation really scans rather than passing vacuously.
    const dir = mkdtempSync(join(import.meta.dir, ".xss-fixture-"));
    try {
      const file = join(dir, "unsafe.tsx");
      writeFileSync(file, "export const Bad = (p: { name: string }) => <p>{p.name}</p>;\n");
      const { code, out } = await xssScan([file]);
      expect(code).toBe(1);
      expect(out).toContain("K601");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, TIMEOUT);
});
