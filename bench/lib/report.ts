// Turns per-run figures into medians, target verdicts and the Markdown in docs/benchmarks.md (pure).
import { median, ratio, change } from "./stats";
import type { Machine } from "./machine";
import type { Figures } from "./phases";

export interface RunRecord { figures: Figures; notes: string[] }

export interface TargetResult { label: string; value: number | null; shown: string; met: boolean | null }

export interface BenchResult {
  version: 1;
  date: string;
  commit: string;
  dirty: boolean;
  quick: boolean;
  machine: Machine;
  options: Record<string, unknown>;
  runs: RunRecord[];
  medians: Record<string, number | null>;
  targets: TargetResult[];
  seconds: number;
}

type Unit = "/s" | "ms" | "s" | "MB" | "x" | "n" | "us";
interface Row { key: string; label: string; unit: Unit; vs?: { key: string; label: string } }

const HTTP = { key: "baseline.http.reqPerSec", label: "HTTP limit" };
const FWD = { key: "baseline.forwarder.perSec", label: "forwarder" };
const DISK = { key: "baseline.disk.commitsPerSec", label: "disk commits/s" };

/** The rows of the main table, in order. */
export const ROWS: Row[] = [
  { key: "baseline.http.reqPerSec", label: "Baseline: bare Bun.serve, same load generator (HTTP limit)", unit: "/s" },
  { key: "baseline.disk.commitsPerSec", label: "Baseline: bun:sqlite commits/s, 1 row, WAL, synchronous=FULL (disk limit)", unit: "/s" },
  { key: "baseline.disk.batchedRowsPerSec", label: "Baseline: bun:sqlite rows/s in 100-row transactions", unit: "/s" },
  { key: "baseline.forwarder.perSec", label: "Baseline: in-memory forwarder, delivered/s", unit: "/s" },
  { key: "baseline.forwarder.e2eP50Ms", label: "Baseline: in-memory forwarder, end-to-end p50", unit: "ms" },
  { key: "baseline.forwarder.e2eP99Ms", label: "Baseline: in-memory forwarder, end-to-end p99", unit: "ms" },
  { key: "baseline.forwarder.cpuUsPerEvent", label: "Baseline: in-memory forwarder, CPU time per delivery", unit: "us" },
  { key: "ingest.perSec", label: "Ingest: events/s acknowledged (no endpoints)", unit: "/s", vs: HTTP },
  { key: "ingest.perSec", label: "Ingest: events per disk commit", unit: "x", vs: DISK },
  { key: "ingest.p50Ms", label: "Ingest: p50 latency at saturation", unit: "ms" },
  { key: "ingest.p99Ms", label: "Ingest: p99 latency at saturation", unit: "ms" },
  { key: "ingest.cpuUsPerEvent", label: "Ingest: relay CPU time per event", unit: "us" },
  { key: "ingest.mainCpuUsPerEvent", label: "Ingest: relay main-thread CPU per event", unit: "us" },
  { key: "single.fixed.ingestP50Ms", label: "1 endpoint @ fixed rate: ingest p50", unit: "ms" },
  { key: "single.fixed.ingestP99Ms", label: "1 endpoint @ fixed rate: ingest p99", unit: "ms" },
  { key: "single.fixed.perSec", label: "1 endpoint @ fixed rate: delivered/s", unit: "/s" },
  { key: "single.fixed.e2eP50Ms", label: "1 endpoint @ fixed rate: end-to-end p50", unit: "ms" },
  { key: "single.fixed.e2eP99Ms", label: "1 endpoint @ fixed rate: end-to-end p99", unit: "ms" },
  { key: "single.sat.perSec", label: "1 endpoint, saturation: delivered/s", unit: "/s", vs: FWD },
  { key: "single.sat.ingestPerSec", label: "1 endpoint, saturation: events/s acknowledged", unit: "/s" },
  { key: "single.sat.e2eP50Ms", label: "1 endpoint, saturation: end-to-end p50", unit: "ms" },
  { key: "single.sat.e2eP99Ms", label: "1 endpoint, saturation: end-to-end p99", unit: "ms" },
  { key: "single.sat.cpuUsPerEvent", label: "1 endpoint, saturation: relay CPU time per delivery (ingest included)", unit: "us" },
  { key: "single.sat.mainCpuUsPerEvent", label: "1 endpoint, saturation: relay main-thread CPU per delivery", unit: "us" },
  { key: "fanout.fixed.perSec", label: "10 endpoints @ fixed rate: delivered/s", unit: "/s" },
  { key: "fanout.fixed.e2eP50Ms", label: "10 endpoints @ fixed rate: end-to-end p50", unit: "ms" },
  { key: "fanout.fixed.e2eP99Ms", label: "10 endpoints @ fixed rate: end-to-end p99", unit: "ms" },
  { key: "fanout.sat.perSec", label: "10 endpoints, saturation: delivered/s", unit: "/s", vs: FWD },
  { key: "fanout.sat.e2eP50Ms", label: "10 endpoints, saturation: end-to-end p50", unit: "ms" },
  { key: "fanout.sat.e2eP99Ms", label: "10 endpoints, saturation: end-to-end p99", unit: "ms" },
  { key: "fanout.sat.cpuUsPerEvent", label: "10 endpoints, saturation: relay CPU time per delivery", unit: "us" },
  { key: "fanout.sat.mainCpuUsPerEvent", label: "10 endpoints, saturation: relay main-thread CPU per delivery", unit: "us" },
  { key: "inbound.acceptedPerSec", label: "Inbound: ingest-URL requests/s accepted", unit: "/s", vs: HTTP },
  { key: "inbound.p99Ms", label: "Inbound: accept p99", unit: "ms" },
  { key: "inbound.forwardedPerSec", label: "Inbound: forwarded/s", unit: "/s", vs: FWD },
  { key: "inbound.e2eP99Ms", label: "Inbound: end-to-end p99", unit: "ms" },
  { key: "inbound.cpuUsPerEvent", label: "Inbound: relay CPU time per request (accept + forward)", unit: "us" },
  { key: "inbound.mainCpuUsPerEvent", label: "Inbound: relay main-thread CPU per request", unit: "us" },
  { key: "backlog.count", label: "Backlog: deliveries queued while the receiver was down", unit: "n" },
  { key: "backlog.drainSeconds", label: "Backlog: time to drain after the receiver came back", unit: "s" },
  { key: "backlog.perSec", label: "Backlog: drain rate", unit: "/s", vs: FWD },
];

/** Figures compared between the empty database and the seeded one. Latencies get 0.5 ms of slack (timer noise). */
export const GROWTH_KEYS: { key: string; unit: Unit; better: "higher" | "lower" }[] = [
  { key: "ingest.perSec", unit: "/s", better: "higher" },
  { key: "ingest.p99Ms", unit: "ms", better: "lower" },
  { key: "ingest.cpuUsPerEvent", unit: "us", better: "lower" },
  { key: "single.fixed.ingestP99Ms", unit: "ms", better: "lower" },
  { key: "single.fixed.e2eP50Ms", unit: "ms", better: "lower" },
  { key: "single.fixed.e2eP99Ms", unit: "ms", better: "lower" },
  { key: "single.sat.perSec", unit: "/s", better: "higher" },
  { key: "single.sat.cpuUsPerEvent", unit: "us", better: "lower" },
  { key: "fanout.fixed.e2eP99Ms", unit: "ms", better: "lower" },
  { key: "fanout.sat.perSec", unit: "/s", better: "higher" },
];
const LATENCY_SLACK_MS = 0.5;

/**
 * The empty-database figure a growth figure is compared with: the same phase run next to it
 * ("growth.empty."), or, in results from before those pairs existed, the main phase's.
 */
export function growthBase(m: Record<string, number | null>, key: string): number | null {
  return m["growth.empty." + key] ?? m[key] ?? null;
}

/**
 * Medians over runs. Growth is also compared within each run's adjacent pair first
 * ("growth.change.*", "growth.margin.*": one value per pair, then the median of those), so that the
 * host's drift between runs cancels: medians of each column alone can set one pair's seeded phase
 * against another pair's empty one.
 */
export function aggregate(runs: RunRecord[]): Record<string, number | null> {
  const figures = runs.map((r) => ({ ...r.figures, ...pairedGrowth(r.figures) }));
  const keys = new Set(figures.flatMap((f) => Object.keys(f)));
  return Object.fromEntries([...keys].sort().map((k) => [k, median(figures.map((f) => f[k]))]));
}

/** One run's growth pairs: the relative change, and the margin that growthOk judges. */
function pairedGrowth(f: Record<string, number | null>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const g of GROWTH_KEYS) {
    const a = growthBase(f, g.key), b = f["growth." + g.key] ?? null;
    if (a === null || b === null) continue;
    out["growth.change." + g.key] = change(b, a);
    out["growth.margin." + g.key] = growthMargin(a, b, g.unit, g.better);
  }
  return out;
}

/** Seeded ÷ empty, latencies less a slack for sub-millisecond figures; within 10 % is ≥ 0.9 or ≤ 1.1. */
function growthMargin(empty: number | null, grown: number | null, unit: Unit, better: "higher" | "lower"): number | null {
  if (empty === null || grown === null || empty <= 0) return null;
  return better === "higher" ? grown / empty : Math.max(0, grown - (unit === "ms" ? LATENCY_SLACK_MS : 0)) / empty;
}

const marginOk = (margin: number | null, better: "higher" | "lower"): boolean | null =>
  margin === null ? null : better === "higher" ? margin >= 0.9 : margin <= 1.1;

/** Within 10 % of the empty database, in the direction that matters (being faster is fine). */
export function growthOk(empty: number | null, grown: number | null, unit: Unit, better: "higher" | "lower"): boolean | null {
  return marginOk(growthMargin(empty, grown, unit, better), better);
}

/** The verdict on one growth figure: from the paired margins when there are any, else from the medians. */
function growthVerdict(m: Record<string, number | null>, g: (typeof GROWTH_KEYS)[number]): boolean | null {
  const margin = m["growth.margin." + g.key];
  if (margin !== undefined && margin !== null) return marginOk(margin, g.better);
  return growthOk(growthBase(m, g.key), m["growth." + g.key] ?? null, g.unit, g.better);
}

export function evaluateTargets(m: Record<string, number | null>): TargetResult[] {
  const v = (k: string) => m[k] ?? null;
  const at = (label: string, value: number | null, op: ">=" | "<=", limit: number, unit: Unit): TargetResult => ({
    label, value, shown: fmt(value, unit),
    met: value === null ? null : op === ">=" ? value >= limit : value <= limit,
  });
  const rss = Object.entries(m).filter(([k, x]) => k.endsWith("rssMb") && x !== null).map(([, x]) => x as number);
  const growth = GROWTH_KEYS.map((g) => ({ g, ok: growthVerdict(m, g) }));
  const judged = growth.filter((x) => x.ok !== null);
  const worst = judged.filter((x) => x.ok === false).map((x) => x.g.key);
  return [
    at("Ingest ≥ 10,000 events/s acknowledged", v("ingest.perSec"), ">=", 10_000, "/s"),
    at("Ingest p99 ≤ 20 ms at the fixed rate", v("single.fixed.ingestP99Ms"), "<=", 20, "ms"),
    at("Delivery ≥ 5,000/s to one endpoint", v("single.sat.perSec"), ">=", 5_000, "/s"),
    at("Fan-out to 10 endpoints ≥ 10,000 deliveries/s", v("fanout.sat.perSec"), ">=", 10_000, "/s"),
    at("End-to-end p99 ≤ 50 ms at the fixed rate", v("single.fixed.e2eP99Ms"), "<=", 50, "ms"),
    at("End-to-end p50 ≤ 5 ms at the fixed rate", v("single.fixed.e2eP50Ms"), "<=", 5, "ms"),
    at("Relay throughput ≥ 50 % of the in-memory forwarder", ratio(v("single.sat.perSec"), v(FWD.key)), ">=", 0.5, "x"),
    {
      label: "Every figure within 10 % with the growth seed stored",
      value: judged.length ? judged.length - worst.length : null,
      shown: judged.length ? `${judged.length - worst.length} of ${judged.length} within${worst.length ? ` (not: ${worst.join(", ")})` : ""}` : "—",
      met: judged.length ? worst.length === 0 : null,
    },
    at("Peak RSS ≤ 200 MB (largest phase)", rss.length ? Math.max(...rss) : null, "<=", 200, "MB"),
  ];
}

export function fmt(n: number | null | undefined, unit: Unit): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  switch (unit) {
    case "/s": return `${Math.round(n).toLocaleString("en-US")}/s`;
    case "ms": return `${n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : Math.round(n)} ms`;
    case "s": return `${n.toFixed(1)} s`;
    case "MB": return `${Math.round(n)} MB`;
    case "x": return `${n.toFixed(2)}×`;
    case "n": return Math.round(n).toLocaleString("en-US");
    case "us": return `${Math.round(n).toLocaleString("en-US")} µs`;
  }
}

const verdict = (met: boolean | null) => (met === null ? "not measured" : met ? "**met**" : "**missed**");

export function renderResults(r: BenchResult, history: BenchResult[]): string {
  const m = r.medians;
  const runs = (k: string, unit: Unit) => r.runs.map((x) => fmt(x.figures[k], unit)).join(" · ");
  const lines: string[] = [];
  lines.push(`### Latest run: ${r.date.slice(0, 10)}, commit \`${r.commit}\`${r.dirty ? " (with uncommitted changes)" : ""}${r.quick ? " — quick mode" : ""}`);
  lines.push("");
  lines.push(`Machine: ${r.machine.nproc} CPUs (${r.machine.cpuModel}), ${r.machine.memoryGb} GB memory, Linux ${r.machine.kernel}, Bun ${r.machine.bun}. ` +
    `Load generator, receiver and relay share these CPUs. Medians of ${r.runs.length} run(s); ` +
    `${Number(r.options.durationMs) / 1000} s measured per phase after ${Number(r.options.warmupMs) / 1000} s warm-up; ` +
    `${r.options.concurrency} concurrent senders at saturation; fixed rate ${r.options.rate} events/s; ` +
    `growth seed ${Number(r.options.seed).toLocaleString("en-US")} messages; backlog ${Number(r.options.backlog).toLocaleString("en-US")}. Whole run: ${Math.round(r.seconds)} s.`);
  lines.push("");
  lines.push("| Target | Median | Verdict |", "|---|---|---|");
  for (const t of r.targets) lines.push(`| ${t.label} | ${t.shown} | ${verdict(t.met)} |`);
  lines.push("");
  lines.push("| Figure | Median | Runs | Ratio to baseline |", "|---|---|---|---|");
  for (const row of ROWS) {
    if (row.unit === "x" && row.vs) {
      lines.push(`| ${row.label} | ${fmt(ratio(m[row.key], m[row.vs.key]), "x")} | | |`);
      continue;
    }
    const rr = row.vs ? ratio(m[row.key], m[row.vs.key]) : null;
    lines.push(`| ${row.label} | ${fmt(m[row.key], row.unit)} | ${runs(row.key, row.unit)} | ${rr === null ? "" : `${(rr * 100).toFixed(0)} % of ${row.vs!.label}`} |`);
  }
  lines.push("");
  lines.push(`Growth: the same phases with ${Number(r.options.seed).toLocaleString("en-US")} messages (each with a delivery and an attempt row) already stored, each next to a run of the phase on an empty database (medians over runs; the change is the median of each pair's own change, so drift of the host between runs cancels).`, "");
  lines.push("| Figure | Empty | Seeded | Change (paired) | Within 10 % |", "|---|---|---|---|---|");
  for (const g of GROWTH_KEYS) {
    const a = growthBase(m, g.key), b = m["growth." + g.key] ?? null, d = m["growth.change." + g.key] ?? change(b, a);
    lines.push(`| ${g.key} | ${fmt(a, g.unit)} | ${fmt(b, g.unit)} | ${d === null ? "—" : `${d >= 0 ? "+" : ""}${(d * 100).toFixed(1)} %`} | ${verdict(growthVerdict(m, g))} |`);
  }
  lines.push("");
  const rssKeys = Object.keys(m).filter((k) => k.endsWith("rssMb"));
  if (rssKeys.length) {
    lines.push("Peak RSS of the relay per phase (VmHWM of a relay process started for that phase):", "");
    lines.push("| Phase | Peak RSS |", "|---|---|");
    for (const k of rssKeys) lines.push(`| ${k.replace(/\.rssMb$/, "")} | ${fmt(m[k], "MB")} |`);
    lines.push("");
  }
  const notes = [...new Set(r.runs.flatMap((x) => x.notes))];
  if (notes.length) { lines.push("Notes from the run:", "", ...notes.map((n) => `- ${n}`), ""); }
  if (history.length) {
    lines.push("History (full runs recorded in `bench/results/`):", "");
    lines.push("| Date | Commit | Ingest/s | 1 ep sat/s | 10 ep sat/s | e2e p50 / p99 @ fixed | Backlog drain | Peak RSS | Targets met |", "|---|---|---|---|---|---|---|---|---|");
    for (const h of history) {
      const hm = h.medians;
      const rss = Object.entries(hm).filter(([k, x]) => k.endsWith("rssMb") && x !== null).map(([, x]) => x as number);
      lines.push(`| ${h.date.slice(0, 16).replace("T", " ")} | \`${h.commit}\`${h.dirty ? "+" : ""} | ${fmt(hm["ingest.perSec"], "/s")} | ${fmt(hm["single.sat.perSec"], "/s")} | ${fmt(hm["fanout.sat.perSec"], "/s")} | ` +
        `${fmt(hm["single.fixed.e2eP50Ms"], "ms")} / ${fmt(hm["single.fixed.e2eP99Ms"], "ms")} | ${fmt(hm["backlog.drainSeconds"], "s")} | ${fmt(rss.length ? Math.max(...rss) : null, "MB")} | ` +
        `${h.targets.filter((t) => t.met).length} of ${h.targets.length} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

export const START = "<!-- bench:results:start (written by `bun run bench`; edit outside these markers) -->";
export const END = "<!-- bench:results:end -->";

/** Replaces the text between the markers; adds the markers (before a "Retention soak" section, if any) when missing. */
export function replaceResults(doc: string, content: string): string {
  const block = `${START}\n${content.trim()}\n${END}`;
  const s = doc.indexOf(START.slice(0, 26)), e = doc.indexOf(END);
  if (s >= 0 && e > s) return doc.slice(0, s) + block + doc.slice(e + END.length);
  const soak = doc.search(/^## Retention soak/m);
  if (soak >= 0) return doc.slice(0, soak) + block + "\n\n" + doc.slice(soak);
  return doc.replace(/\s*$/, "\n\n") + block + "\n";
}
