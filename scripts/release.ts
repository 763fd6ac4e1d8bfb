// `bun run release`: cross-compiled binaries for every supported platform plus SHA256SUMS, in
// dist/release/hookrelay-<version>-<os>-<arch>. Bun fetches each target's runtime from the npm
// registry on first use (@oven/bun-<os>-<arch>), then caches it.
//   bun run release                                  # all targets
//   bun run release -- --targets linux-x64 --out /tmp/rel
import { $ } from "bun";
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import pkg from "../package.json";

export const TARGETS = ["linux-x64", "linux-arm64", "darwin-arm64", "darwin-x64"] as const;

const args = process.argv.slice(2);
const opt = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const out = resolve(opt("--out") ?? "dist/release");
const wanted = (opt("--targets")?.split(",").map((s) => s.trim()).filter(Boolean) ?? [...TARGETS]);
const unknown = wanted.filter((t) => !(TARGETS as readonly string[]).includes(t));
if (unknown.length) { console.error(`release: unknown target ${unknown.join(", ")}; known: ${TARGETS.join(", ")}`); process.exit(2); }

mkdirSync(out, { recursive: true });
const root = resolve(import.meta.dir, "..");
const built: string[] = [];
const failed: { target: string; error: string }[] = [];
for (const target of wanted) {
  const name = `hookrelay-${pkg.version}-${target}`;
  const file = join(out, name);
  rmSync(file, { force: true });
  // scripts/build.ts owns the compile options (minify, bytecode, version defines).
  const r = await $`${process.execPath} scripts/build.ts --target bun-${target} --outfile ${file}`.cwd(root).nothrow().quiet();
  // The linked source map is for our own debugging, not part of a release.
  rmSync(`${file}.map`, { force: true });
  rmSync(`${file}.sender-worker.map`, { force: true });
  rmSync(`${file}.checkpoint-worker.map`, { force: true });
  if (r.exitCode !== 0 || !existsSync(file)) {
    failed.push({ target, error: (r.stderr.toString() || r.stdout.toString()).trim().split("\n").slice(-3).join(" | ") });
    console.error(`release: ${target} FAILED`);
    continue;
  }
  built.push(name);
  console.log(`release: ${target} ok → ${file}`);
}

const sums = built.map((name) => `${createHash("sha256").update(readFileSync(join(out, name))).digest("hex")}  ${name}`);
if (sums.length) writeFileSync(join(out, "SHA256SUMS"), sums.join("\n") + "\n");
console.log(`release: ${built.length} built, ${failed.length} failed; SHA256SUMS in ${out}`);
for (const f of failed) console.log(`  ${f.target}: ${f.error}`);
process.exit(failed.length ? 1 : 0);
