// Reads a Chrome-format .cpuprofile (what `bun --cpu-prof` writes) into self and inclusive time per
// function, so a profile can be read in a terminal next to the benchmark numbers (pure).

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionCost { name: string; selfMs: number; totalMs: number; selfPct: number; totalPct: number }

const shortUrl = (url: string) => url.replace(/^.*\/(src|node_modules|bench)\//, "$1/").replace(/^file:\/\//, "");

export function functionCosts(p: CpuProfile): { totalMs: number; functions: FunctionCost[] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || "(anonymous)"} ${f.url ? `${shortUrl(f.url)}:${f.lineNumber + 1}` : ""}`.trim();
  };
  const self = new Map<string, number>(), total = new Map<string, number>();
  let all = 0;
  for (let i = 0; i < p.samples.length; i++) {
    // Each sample's time is the delta to the next sample; the last one has none.
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    all += dt;
    const leaf = key(p.samples[i]);
    self.set(leaf, (self.get(leaf) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = p.samples[i]; id !== undefined; id = parent.get(id)) {
      const k = key(id);
      if (!seen.has(k)) { seen.add(k); total.set(k, (total.get(k) ?? 0) + dt); }
    }
  }
  const functions = [...total.keys()].map((name) => {
    const s = self.get(name) ?? 0, t = total.get(name) ?? 0;
    return { name, selfMs: s, totalMs: t, selfPct: all ? (s / all) * 100 : 0, totalPct: all ? (t / all) * 100 : 0 };
  });
  return { totalMs: all, functions };
}

export function topTable(costs: FunctionCost[], by: "selfMs" | "totalMs", n: number): string {
  const rows = [...costs].sort((a, b) => b[by] - a[by]).slice(0, n);
  return rows.map((f) => `${f.selfPct.toFixed(1).padStart(5)} % self ${f.totalPct.toFixed(1).padStart(5)} % total  ${f.name}`).join("\n");
}
