/**
 * The URL of a worker thread's entry point, given its path below src/. In a compiled binary every
 * module's import.meta.url is the executable's own ("/$bunfs/root/hookrelay") and each worker (an
 * extra entrypoint in scripts/build.ts) sits at its path below src/, the entrypoints' common folder.
 * From source it is the file itself. test/smoke/binary.test.ts starts both workers from the binary.
 */
export function workerUrl(pathBelowSrc: string): string {
  const compiled = import.meta.url.includes("$bunfs") || import.meta.url.includes("~BUN");
  return new URL(compiled ? `./${pathBelowSrc}` : `../${pathBelowSrc}`, import.meta.url).href;
}
