/**
 * @module ops/metrics — a small Prometheus registry (counters, gauges, histograms) rendering the
 * text exposition format 0.0.4. No dependency: we need a few dozen series, not a client library.
 * Labels must be low-cardinality (outcome, status, source) — never URLs, ids of messages or payloads.
 */

type Labels = Record<string, string>;
type Kind = "counter" | "gauge" | "histogram";

const key = (names: string[], labels: Labels) => names.map((n) => labels[n] ?? "").join("\u0000");

export function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function fmtLabels(pairs: [string, string][]): string {
  return pairs.length ? `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}` : "";
}

function fmtNumber(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "+Inf";
  if (n === -Infinity) return "-Inf";
  return String(n);
}

abstract class Metric {
  abstract readonly kind: Kind;
  constructor(readonly name: string, readonly help: string, readonly labelNames: string[] = []) {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) throw new Error(`bad metric name ${name}`);
  }
  protected check(labels: Labels): void {
    for (const k of Object.keys(labels)) if (!this.labelNames.includes(k)) throw new Error(`${this.name}: unknown label ${k}`);
  }
  abstract samples(): string[];
  render(): string {
    const head = [`# HELP ${this.name} ${this.help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`, `# TYPE ${this.name} ${this.kind}`];
    return [...head, ...this.samples()].join("\n");
  }
}

class ValueMetric extends Metric {
  readonly kind: Kind;
  protected values = new Map<string, { labels: Labels; v: number }>();
  constructor(kind: "counter" | "gauge", name: string, help: string, labelNames: string[] = []) { super(name, help, labelNames); this.kind = kind; }
  protected slot(labels: Labels) {
    const k = key(this.labelNames, labels);
    let s = this.values.get(k);
    if (!s) { this.check(labels); s = { labels: { ...labels }, v: 0 }; this.values.set(k, s); }
    return s;
  }
  get(labels: Labels = {}): number { return this.values.get(key(this.labelNames, labels))?.v ?? 0; }
  samples(): string[] {
    return [...this.values.values()].map((s) => `${this.name}${fmtLabels(this.labelNames.filter((n) => n in s.labels).map((n) => [n, s.labels[n]]))} ${fmtNumber(s.v)}`);
  }
}

export class Counter extends ValueMetric {
  constructor(name: string, help: string, labelNames: string[] = []) { super("counter", name, help, labelNames); }
  inc(labels: Labels = {}, n = 1): void {
    if (n < 0) throw new Error(`${this.name}: counters only go up`);
    this.slot(labels).v += n;
  }
  /** Makes a series visible at 0 before its first event, so rate() works from the start. */
  init(labels: Labels): void { this.slot(labels); }
}

export class Gauge extends ValueMetric {
  constructor(name: string, help: string, labelNames: string[] = []) { super("gauge", name, help, labelNames); }
  set(labels: Labels, v: number): void;
  set(v: number): void;
  set(a: Labels | number, b?: number): void {
    if (typeof a === "number") this.slot({}).v = a;
    else this.slot(a).v = b!;
  }
  /** Drops every series (for gauges rebuilt from scratch at each scrape). */
  reset(): void { this.values.clear(); }
}

export class Histogram extends Metric {
  readonly kind = "histogram" as const;
  private series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(name: string, help: string, readonly buckets: number[], labelNames: string[] = []) {
    super(name, help, labelNames);
    this.buckets = [...buckets].sort((a, b) => a - b);
  }
  private slot(labels: Labels) {
    const k = key(this.labelNames, labels);
    let s = this.series.get(k);
    if (!s) { this.check(labels); s = { labels: { ...labels }, counts: this.buckets.map(() => 0), sum: 0, count: 0 }; this.series.set(k, s); }
    return s;
  }
  /** Makes a series visible with every bucket at 0 before its first observation (histogram_quantile and rate() see it from the start). */
  init(labels: Labels = {}): void { this.slot(labels); }
  observe(labels: Labels, v: number): void {
    const s = this.slot(labels);
    for (let i = 0; i < this.buckets.length; i++) if (v <= this.buckets[i]) s.counts[i]++;
    s.sum += v;
    s.count++;
  }
  samples(): string[] {
    const out: string[] = [];
    for (const s of this.series.values()) {
      const base = this.labelNames.filter((n) => n in s.labels).map((n): [string, string] => [n, s.labels[n]]);
      this.buckets.forEach((b, i) => out.push(`${this.name}_bucket${fmtLabels([...base, ["le", fmtNumber(b)]])} ${s.counts[i]}`));
      out.push(`${this.name}_bucket${fmtLabels([...base, ["le", "+Inf"]])} ${s.count}`);
      out.push(`${this.name}_sum${fmtLabels(base)} ${fmtNumber(s.sum)}`);
      out.push(`${this.name}_count${fmtLabels(base)} ${s.count}`);
    }
    return out;
  }
}

export class Registry {
  private metrics: Metric[] = [];
  private collectors: (() => void)[] = [];

  counter(name: string, help: string, labelNames: string[] = []): Counter { return this.add(new Counter(name, help, labelNames)); }
  gauge(name: string, help: string, labelNames: string[] = []): Gauge { return this.add(new Gauge(name, help, labelNames)); }
  histogram(name: string, help: string, buckets: number[], labelNames: string[] = []): Histogram { return this.add(new Histogram(name, help, buckets, labelNames)); }

  /** Runs before each render: gauges read from the database or the engine here. */
  onCollect(fn: () => void): void { this.collectors.push(fn); }

  render(): string {
    for (const c of this.collectors) c();
    return this.metrics.map((m) => m.render()).join("\n") + "\n";
  }

  private add<T extends Metric>(m: T): T {
    if (this.metrics.some((x) => x.name === m.name)) throw new Error(`metric ${m.name} registered twice`);
    this.metrics.push(m);
    return m;
  }
}

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
