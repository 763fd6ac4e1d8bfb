// `bun run build`: one self-contained executable at dist/hookrelay with version, commit and date baked in.
// `bun run build -- --target bun-linux-arm64 --outfile dist/x` builds for another platform (see release).
import { $ } from "bun";
import { existsSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import pkg from "../package.json";

const args = process.argv.slice(2);
const opt = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const outfile = opt("--outfile") ?? "dist/hookrelay";
const target = opt("--target");
const commit = (await $`git rev-parse --short HEAD`.nothrow().quiet().text()).trim() || "unknown";
const date = new Date().toISOString();

const result = await Bun.build({
  // Worker threads' entry points must be listed to be inside the executable (Bun docs: Worker in --compile).
  entrypoints: ["./src/main.ts", "./src/delivery/net/sender-worker.ts", "./src/store/checkpoint-worker.ts"],
  // Not autoloading .env and bunfig.toml from the working directory: Bun's executables do by default,
  // so hookrelay run inside a cloned repository would run that repository's bunfig `preload` script
  // and take its .env as settings. Configuration comes from flags, the environment and the config file.
  compile: { outfile, autoloadDotenv: false, autoloadBunfig: false, ...(target ? { target: target as Bun.Build.CompileTarget } : {}) },
  minify: true,
  sourcemap: "linked",
  bytecode: true,
  define: {
    HOOKRELAY_VERSION: JSON.stringify(pkg.version),
    HOOKRELAY_COMMIT: JSON.stringify(commit),
    HOOKRELAY_BUILD_DATE: JSON.stringify(date),
  },
});
if (!result.success) {
  for (const l of result.logs) console.error(l);
  process.exit(1);
}
// Each worker's source map is written as "<name>.js.map" beside the binary; name it after the binary it
// belongs to, so two builds in one folder (release) do not share it.
for (const name of ["sender-worker", "checkpoint-worker"]) {
  const workerMap = join(dirname(outfile), `${name}.js.map`);
  if (existsSync(workerMap)) renameSync(workerMap, `${outfile}.${name}.map`);
}
console.log(`built ${outfile} (hookrelay ${pkg.version}, ${commit}, ${date}${target ? ", " + target : ""})`);
