// The kitajs XSS scan over the UI's route modules (src/http/ui/*.tsx): they build JSX too (fragments for
// htmx and live streams), so they get the same gate as views/ (test/views/xss-scan.test.ts).
import { describe, expect, test } from "bun:test";
import { resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "../../..");

describe("xss-scan of the UI routes", () => {
  test("finds no unescaped user content in any route module (exit 0)", async () => {
    const files = [...new Bun.Glob("src/http/ui/*.tsx").scanSync({ cwd: ROOT })].sort();
    expect(files.length).toBeGreaterThan(8);
    const proc = Bun.spawn([process.execPath, "x", "--bun", "xss-scan", "-s", "-p", "tsconfig.json", ...files], {
      cwd: ROOT, stdout: "pipe", stderr: "pipe", env: { ...process.env, FORCE_COLOR: "0" },
    });
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    if (code !== 0) console.error(out + err);
    expect(code).toBe(0);
  }, 60_000);
});
