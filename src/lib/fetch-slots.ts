/**
 * Bun's fetch runs at most N requests at once per process and queues the rest inside Bun, their
 * deadlines running. N comes from BUN_CONFIG_MAX_HTTP_REQUESTS, read once when the process starts
 * (setting process.env or libc's environment later changes nothing), default 256. The number
 * matters twice: it is what hanging endpoints can fill (delivery/engine.ts sheds them), and at 64,
 * no more than Bun keeps idle keep-alive sockets, fan-out ran 30-40 % faster (docs/benchmarks.md).
 *
 * A single binary can only choose N for itself by starting its own image again with the variable
 * set: execve(2) through libc, which keeps the process id, so systemd, a shell's `$!` and pid files
 * still point at the server.
 */
/** Bun's default when the variable is absent or unusable. */
export const BUN_DEFAULT_FETCH_SLOTS = 256;
const VAR = "BUN_CONFIG_MAX_HTTP_REQUESTS";

/** The number Bun runs at once in this process (what its environment said at start). */
export function fetchSlotsInForce(env: Record<string, string | undefined> = process.env): number {
  const raw = env[VAR];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 65_535 ? n : BUN_DEFAULT_FETCH_SLOTS;
}

/**
 * Starts this process's image again with BUN_CONFIG_MAX_HTTP_REQUESTS=`slots`, so Bun's fetch runs
 * that many requests at once. On success it does not return. It returns why not when
 * nothing needs doing (`slots` 0, or the variable already set, which an operator's own choice is),
 * or when it cannot (not Linux or macOS, libc not loadable, execve refused); the server then runs
 * with Bun's default.
 */
export function reexecWithFetchSlots(slots: number, env: Record<string, string | undefined> = process.env): string {
  if (!slots) return "fetch-slots is 0: Bun's default stays";
  if (env[VAR] !== undefined) return `${VAR} is set in the environment`;
  if (process.platform !== "linux" && process.platform !== "darwin") return `not supported on ${process.platform}`;
  let ffi: typeof import("bun:ffi");
  let execve: (path: unknown, argv: unknown, envp: unknown) => number;
  try {
    // Loaded only here: bun:ffi is needed for nothing else, and this runs once, before anything opens.
    ffi = require("bun:ffi") as typeof import("bun:ffi");
    execve = openLibc(ffi).symbols.execve as typeof execve;
  } catch (e) {
    return `libc could not be loaded: ${(e as Error).message}`;
  }
  const ptr = (b: Buffer | BigUint64Array) => ffi.ptr(b);
  const keep: Buffer[] = []; // referenced until execve: the pointers below point into these
  const cstr = (s: string) => { const b = Buffer.from(`${s}\0`); keep.push(b); return b; };
  const list = (items: string[]) => {
    const a = new BigUint64Array(items.length + 1); // NULL-terminated char*[]
    items.forEach((s, i) => { a[i] = BigInt(ptr(cstr(s))); });
    return a;
  };
  const argv = list(ownArgv());
  const envp = list([...Object.entries(env).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`), `${VAR}=${slots}`]);
  const rc = execve(ptr(cstr(process.execPath)), ptr(argv), ptr(envp));
  return `execve failed (${rc}, ${keep.length} strings)`;
}

/** The arguments this process was started with, as execve wants them (argv[0] first). */
function ownArgv(): string[] {
  // A compiled binary reports argv as ["bun", "/$bunfs/root/<name>", ...user args].
  if (Bun.main.startsWith("/$bunfs/") || Bun.main.startsWith("B:/~BUN/")) return [process.execPath, ...process.argv.slice(2)];
  return [process.execPath, ...process.execArgv, ...process.argv.slice(1)];
}

function openLibc(ffi: typeof import("bun:ffi")) {
  const symbols = { execve: { args: [ffi.FFIType.ptr, ffi.FFIType.ptr, ffi.FFIType.ptr], returns: ffi.FFIType.i32 } } as const;
  // macOS's libSystem; glibc; musl, whose loader is its libc.
  const names = process.platform === "darwin" ? ["/usr/lib/libSystem.B.dylib"] : ["libc.so.6", `/lib/ld-musl-${process.arch === "arm64" ? "aarch64" : "x86_64"}.so.1`];
  let last: unknown;
  for (const name of names) {
    try { return ffi.dlopen(name, symbols); } catch (e) { last = e; }
  }
  throw last;
}
