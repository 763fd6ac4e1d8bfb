// The benchmark's pure helpers (percentiles, medians, options, report) and its HTTP client.
// No timing is asserted here: the benchmark itself is `bun run bench`, never part of the test suite.
import { describe, expect, test } from "bun:test";
import { percentile, summarize, median, rate, ratio, change, countInWindow } from "../../bench/lib/stats";
import { parseOptions, UsageError } from "../../bench/lib/options";
import { aggregate, evaluateTargets, fmt, growthBase, growthOk, renderResults, replaceResults, START, END, type BenchResult } from "../../bench/lib/report";
import { HttpConnection } from "../../bench/workers/http-client";
import { functionCosts, topTable } from "../../bench/lib/cpuprofile";

describe("stats", () => {
  test("percentile uses the nearest rank of an ascending array", () => {
    const a = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(a, 50)).toBe(50);
    expect(percentile(a, 99)).toBe(99);
    expect(percentile(a, 100)).toBe(100);
    expect(percentile(a, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3], 50)).toBe(2);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });

  test("summarize sorts a copy and leaves the input in its order", () => {
    const input = [5, 1, 4, 2, 3];
    const s = summarize(input);
    expect(s).toMatchObject({ count: 5, min: 1, p50: 3, p99: 5, max: 5, mean: 3 });
    expect(input).toEqual([5, 1, 4, 2, 3]);
    expect(summarize([]).count).toBe(0);
  });

  test("median ignores missing values and averages the middle pair", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([null, 5, undefined, NaN])).toBe(5);
    expect(median([null])).toBeNull();
  });

  test("rate, ratio and change return null instead of dividing by zero", () => {
    expect(rate(500, 250)).toBe(2000);
    expect(rate(5, 0)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(null, 2)).toBeNull();
    expect(change(110, 100)).toBeCloseTo(0.1);
    expect(countInWindow([1, 2, 3, 4], 2, 4)).toBe(2);
  });
});

describe("options", () => {
  test("quick mode shortens phases and shrinks the backlog and seed", () => {
    const o = parseOptions(["--quick"]);
    expect(o).toMatchObject({ quick: true, runs: 1, backlog: 10_000, seed: 100_000, docs: false });
    expect(parseOptions([])).toMatchObject({ quick: false, runs: 3, backlog: 100_000, seed: 1_000_000, docs: true });
  });

  test("numbers, phase lists and flags are parsed; bad ones are refused with the reason", () => {
    const o = parseOptions(["--runs", "5", "--duration", "2", "--phases", "ingest,backlog", "--backlog", "500", "--no-docs"]);
    expect(o).toMatchObject({ runs: 5, durationMs: 2000, phases: ["ingest", "backlog"], backlog: 500, docs: false });
    expect(() => parseOptions(["--runs", "zero"])).toThrow(UsageError);
    expect(() => parseOptions(["--phases", "ingest,warp"])).toThrow(/unknown: warp/);
    expect(() => parseOptions(["--frobnicate"])).toThrow(/unknown option --frobnicate/);
  });

  test("--relay-flag passes settings to every relay and keeps that run out of the docs", () => {
    const o = parseOptions(["--relay-flag", "--sender-thread=false", "--relay-flag", "--max-concurrency 64"]);
    expect(o.relayFlags).toEqual(["--sender-thread=false", "--max-concurrency", "64"]);
    expect(o.docs).toBe(false);
    expect(() => parseOptions(["--relay-flag", "sender-thread"])).toThrow(/needs a relay flag/);
  });
});

function result(figures: Record<string, number | null>[], extra: Partial<BenchResult> = {}): BenchResult {
  const runs = figures.map((f) => ({ figures: f, notes: [] as string[] }));
  const medians = aggregate(runs);
  return {
    version: 1, date: "2026-01-02T03:04:05.000Z", commit: "abc1234", dirty: false, quick: false,
    machine: { nproc: 2, cpuModel: "Test CPU", memoryGb: 4, kernel: "6.1", bun: "1.4.5" },
    options: { durationMs: 8000, warmupMs: 1000, concurrency: 64, rate: 1000, seed: 1_000_000, backlog: 100_000 },
    runs, medians, targets: evaluateTargets(medians), seconds: 600, ...extra,
  };
}

describe("report", () => {
  test("medians are taken per figure across runs", () => {
    const m = aggregate([{ figures: { a: 1, b: null }, notes: [] }, { figures: { a: 3, b: 2 }, notes: [] }, { figures: { a: 2 }, notes: [] }]);
    expect(m).toEqual({ a: 2, b: 2 });
  });

  test("targets are met, missed, or not measured when a figure is missing", () => {
    const r = result([{ "ingest.perSec": 12_000, "single.fixed.ingestP99Ms": 25, "single.sat.perSec": 6000, "baseline.forwarder.perSec": 10_000, "ingest.rssMb": 90, "single.sat.rssMb": 210 }]);
    const by = Object.fromEntries(r.targets.map((t) => [t.label, t.met]));
    expect(by["Ingest ≥ 10,000 events/s acknowledged"]).toBe(true);
    expect(by["Ingest p99 ≤ 20 ms at the fixed rate"]).toBe(false);
    expect(by["Relay throughput ≥ 50 % of the in-memory forwarder"]).toBe(true);
    expect(by["Fan-out to 10 endpoints ≥ 10,000 deliveries/s"]).toBeNull();
    expect(by["Peak RSS ≤ 200 MB (largest phase)"]).toBe(false);
  });

  test("growth compares with the empty-database run of the same phase next to it, else with the main phase", () => {
    expect(growthBase({ "ingest.perSec": 9000, "growth.empty.ingest.perSec": 12000 }, "ingest.perSec")).toBe(12000);
    expect(growthBase({ "ingest.perSec": 9000 }, "ingest.perSec")).toBe(9000);
    expect(growthBase({}, "ingest.perSec")).toBeNull();
    // The same seeded figure passes against its adjacent pair and fails against a main phase taken on a faster moment.
    const seeded = { "growth.ingest.perSec": 10_000, "ingest.perSec": 12_000 };
    const verdict = (m: Record<string, number>) => evaluateTargets(m).find((t) => t.label.startsWith("Every figure"))!.met;
    expect(verdict(seeded)).toBe(false);
    expect(verdict({ ...seeded, "growth.empty.ingest.perSec": 10_500 })).toBe(true);
  });

  test("growth is judged within each run's pair, then the median of those: the host's drift between runs cancels", () => {
    // The three ingest pairs of the full run at bf92173: −3.3 %, −16.3 %, −6.0 %. The column medians (17,171 vs 14,376) say −16 %.
    const pairs = [[12_529, 12_120], [17_171, 14_376], [17_669, 16_617]];
    const runs = pairs.map(([empty, seeded]) => ({ figures: { "growth.empty.ingest.perSec": empty, "growth.ingest.perSec": seeded } }));
    const m = aggregate(runs as never);
    expect(m["growth.ingest.perSec"]).toBe(14_376);
    expect(m["growth.empty.ingest.perSec"]).toBe(17_171);
    expect(m["growth.change.ingest.perSec"]!).toBeCloseTo(16_617 / 17_669 - 1, 6);
    const verdict = evaluateTargets(m).find((t) => t.label.startsWith("Every figure"))!;
    expect(verdict.met).toBe(true);
    // A real slowdown shows in every pair and is still caught.
    const slower = aggregate(pairs.map(([empty]) => ({ figures: { "growth.empty.ingest.perSec": empty, "growth.ingest.perSec": empty * 0.85 } })) as never);
    expect(evaluateTargets(slower).find((t) => t.label.startsWith("Every figure"))!.met).toBe(false);
  });

  test("growth is judged in the direction that matters, with slack for sub-millisecond latencies", () => {
    expect(growthOk(1000, 950, "/s", "higher")).toBe(true);
    expect(growthOk(1000, 890, "/s", "higher")).toBe(false);
    expect(growthOk(1000, 2000, "/s", "higher")).toBe(true);
    expect(growthOk(2, 2.6, "ms", "lower")).toBe(true);
    expect(growthOk(20, 23, "ms", "lower")).toBe(false);
    expect(growthOk(null, 1, "ms", "lower")).toBeNull();
  });

  test("numbers are formatted with units and a dash for missing values", () => {
    expect(fmt(12345.6, "/s")).toBe("12,346/s");
    expect(fmt(1.234, "ms")).toBe("1.23 ms");
    expect(fmt(45.67, "ms")).toBe("45.7 ms");
    expect(fmt(0.556, "x")).toBe("0.56×");
    expect(fmt(null, "ms")).toBe("—");
  });

  test("the rendered results name the machine, the commit, each run and the verdicts", () => {
    const r = result([{ "ingest.perSec": 11_000, "baseline.http.reqPerSec": 22_000 }, { "ingest.perSec": 13_000, "baseline.http.reqPerSec": 20_000 }]);
    const md = renderResults(r, [r]);
    expect(md).toContain("2 CPUs (Test CPU), 4 GB memory");
    expect(md).toContain("`abc1234`");
    expect(md).toContain("| Ingest: events/s acknowledged (no endpoints) | 12,000/s | 11,000/s · 13,000/s | 57 % of HTTP limit |");
    expect(md).toContain("| Ingest ≥ 10,000 events/s acknowledged | 12,000/s | **met** |");
    expect(md).toContain("History");
  });

  test("the results section is replaced in place and a Retention soak section after it is kept", () => {
    const first = replaceResults("# Benchmarks\n\nIntro.\n\n## Retention soak\n\nSoak text.\n", "table one");
    expect(first.indexOf(START)).toBeLessThan(first.indexOf("## Retention soak"));
    const second = replaceResults(first, "table two");
    expect(second).toContain("table two");
    expect(second).not.toContain("table one");
    expect(second).toContain("Soak text.");
    expect(second.split(END).length).toBe(2);
    expect(replaceResults("# B\n", "t")).toEndWith(`${START}\nt\n${END}\n`);
  });
});

describe("cpu profile reader", () => {
  test("self time goes to the sampled function, inclusive time to every function on its stack once", () => {
    const frame = (functionName: string, url = "") => ({ functionName, url, lineNumber: 0 });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame("(root)"), children: [2] },
        { id: 2, callFrame: frame("handle", "file:///x/src/http/api/common.ts"), children: [3, 4] },
        { id: 3, callFrame: frame("run"), children: [] },
        { id: 4, callFrame: frame("handle", "file:///x/src/http/api/common.ts"), children: [] },
      ],
      // Each sample's time is the next delta (µs): run 3 ms, handle 1 ms, run 2 ms; the last has none.
      samples: [3, 4, 3, 3],
      timeDeltas: [0, 3000, 1000, 2000],
    };
    const { totalMs, functions } = functionCosts(profile);
    const by = Object.fromEntries(functions.map((f) => [f.name, f]));
    expect(totalMs).toBe(6);
    expect(by["run"]).toMatchObject({ selfMs: 5, totalMs: 5 });
    expect(by["handle src/http/api/common.ts:1"]).toMatchObject({ selfMs: 1, totalMs: 6, totalPct: 100 });
    expect(topTable(functions, "selfMs", 1)).toBe(" 83.3 % self  83.3 % total  run");
  });
});

describe("load generator HTTP client", () => {
  test("reads Content-Length and chunked answers over one kept-alive connection", async () => {
    const peers = new Set<number>();
    const server = Bun.serve({
      hostname: "127.0.0.1", port: 0,
      async fetch(req, srv) {
        peers.add(srv.requestIP(req)!.port);
        const body = await req.text();
        if (new URL(req.url).pathname === "/chunked") {
          return new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("ab")); c.enqueue(new TextEncoder().encode("cd")); c.close(); } }));
        }
        return new Response(`echo:${body}`, { status: 201 });
      },
    });
    const conn = new HttpConnection("127.0.0.1", server.port!);
    try {
      const a = await conn.request("POST", "/echo", { "content-type": "text/plain" }, "héllo");
      expect(a.status).toBe(201);
      expect(new TextDecoder().decode(a.body)).toBe("echo:héllo");
      const b = await conn.request("POST", "/chunked", {}, "");
      expect(b.status).toBe(200);
      expect(new TextDecoder().decode(b.body)).toBe("abcd");
      expect(peers.size).toBe(1);
    } finally { conn.close(); server.stop(true); }
  });
});
