// Entry point for `bun run` and `bun build --compile`: argv in, exit code out. Nothing else lives here.
// (No top-level await: the bytecode build is CommonJS.)
import "./features";
import { runCli } from "./cli";

void runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s + "\n"),
  stderr: (s) => process.stderr.write(s + "\n"),
  env: process.env,
  stdin: () => new Response(Bun.stdin.stream()).text(),
}).then((code) => process.exit(code));
