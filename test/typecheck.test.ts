// The whole project type-checks: a type error anywhere fails the suite, not just the editor.
import { expect, test } from "bun:test";
import { resolve } from "node:path";

test("tsc --noEmit finds no type errors in src, views, test, bench and scripts", () => {
  const root = resolve(import.meta.dir, "..");
  const r = Bun.spawnSync([resolve(root, "node_modules/.bin/tsc"), "--noEmit", "-p", "."], { cwd: root, stdout: "pipe", stderr: "pipe" });
  expect(r.stdout.toString() + r.stderr.toString()).toBe("");
  expect(r.exitCode).toBe(0);
}, 180_000);
