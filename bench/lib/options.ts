// Command-line options of `bun run bench` (pure: argv in, options out).

export const PHASES = ["baselines", "ingest", "delivery", "inbound", "backlog", "growth"] as const;
export type PhaseGroup = (typeof PHASES)[number];

export interface BenchOptions {
  quick: boolean;
  runs: number;
  /** Measured seconds per phase (after the warmup). */
  durationMs: number;
  warmupMs: number;
  concurrency: number;
  rate: number;
  fanout: number;
  backlog: number;
  seed: number;
  padBytes: number;
  phases: PhaseGroup[];
  rebuild: boolean;
  noBuild: boolean;
  /** Measure this binary instead of dist/hookrelay (A/B comparisons of two builds). */
  binary: string | null;
  /** Build the committed HEAD in a scratch dir instead of the (shared, possibly dirty) working tree. */
  fromHead: boolean;
  keep: boolean;
  /** Rewrite the results section of docs/benchmarks.md (default: full runs yes, quick runs no). */
  docs: boolean;
  /** Longest wait for queued deliveries to arrive after a phase. */
  drainTimeoutMs: number;
  /** Extra flags for every relay started (A/B of a setting); a run with any is never written to the docs. */
  relayFlags: string[];
}

export const USAGE = `bun run bench [-- options]
  --quick             one run, short phases, smaller backlog and seed (about a minute)
  --runs N            runs per figure; the report shows medians (default 3; quick 1)
  --duration S        measured seconds per phase (default 8; quick 2.5)
  --warmup S          unmeasured seconds before each phase (default 1; quick 0.5)
  --concurrency N     closed-loop senders (default 64)
  --rate N            fixed offered rate, events/s (default 1000)
  --backlog N         deliveries queued while the receiver is down (default 100000; quick 10000)
  --seed N            stored messages for the growth phases (default 1000000; quick 100000)
  --phases a,b        subset of ${PHASES.join(",")}
  --rebuild           rebuild dist/hookrelay even if it is newer than its sources
  --no-build          use dist/hookrelay as it is
  --binary PATH       measure another build (A/B comparisons); implies --no-build
  --from-head         build and measure the committed HEAD (git archive), not the working tree
  --docs / --no-docs  rewrite the results in docs/benchmarks.md (default: only full runs)
  --keep              keep the temporary data dirs under bench/tmp
  --relay-flag "F"    extra relay flag(s) for every phase, e.g. --relay-flag --sender-thread=false (A/B of a setting; implies --no-docs)
`;

export class UsageError extends Error {}

export function parseOptions(argv: string[]): BenchOptions {
  const quick = argv.includes("--quick");
  const o: BenchOptions = {
    quick,
    runs: quick ? 1 : 3,
    durationMs: quick ? 2500 : 8000,
    warmupMs: quick ? 500 : 1000,
    concurrency: 64,
    rate: 1000,
    fanout: 10,
    backlog: quick ? 10_000 : 100_000,
    seed: quick ? 100_000 : 1_000_000,
    padBytes: 200,
    phases: [...PHASES],
    rebuild: false,
    noBuild: false,
    binary: null,
    fromHead: false,
    keep: false,
    docs: !quick,
    drainTimeoutMs: quick ? 30_000 : 180_000,
    relayFlags: [],
  };
  const num = (flag: string, v: string | undefined, min: number, max: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`${flag} needs a number from ${min} to ${max}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case "--quick": break;
      case "--runs": o.runs = Math.round(num(a, argv[++i], 1, 20)); break;
      case "--duration": o.durationMs = num(a, argv[++i], 0.5, 600) * 1000; break;
      case "--warmup": o.warmupMs = num(a, argv[++i], 0, 60) * 1000; break;
      case "--concurrency": o.concurrency = Math.round(num(a, argv[++i], 1, 1024)); break;
      case "--rate": o.rate = num(a, argv[++i], 1, 100_000); break;
      case "--backlog": o.backlog = Math.round(num(a, argv[++i], 100, 10_000_000)); break;
      case "--seed": o.seed = Math.round(num(a, argv[++i], 1000, 20_000_000)); break;
      case "--phases": {
        const list = (argv[++i] ?? "").split(",").filter(Boolean);
        const bad = list.filter((p) => !(PHASES as readonly string[]).includes(p));
        if (!list.length || bad.length) throw new UsageError(`--phases takes a comma list of ${PHASES.join(", ")}${bad.length ? ` (unknown: ${bad.join(", ")})` : ""}`);
        o.phases = list as PhaseGroup[];
        break;
      }
      case "--rebuild": o.rebuild = true; break;
      case "--no-build": o.noBuild = true; break;
      case "--binary": o.binary = argv[++i] ?? null; o.noBuild = true; if (!o.binary) throw new UsageError("--binary needs a path"); break;
      case "--from-head": o.fromHead = true; break;
      case "--keep": o.keep = true; break;
      case "--docs": o.docs = true; break;
      case "--no-docs": o.docs = false; break;
      case "--relay-flag": {
        const v = argv[++i];
        if (!v || !v.startsWith("--")) throw new UsageError("--relay-flag needs a relay flag, e.g. --relay-flag --sender-thread=false");
        o.relayFlags.push(...v.split(" ").filter(Boolean));
        break;
      }
      case "--help": case "-h": throw new UsageError(USAGE);
      default: throw new UsageError(`unknown option ${a}\n${USAGE}`);
    }
  }
  if (o.relayFlags.length) o.docs = false;
  return o;
}
