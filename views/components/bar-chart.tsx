import { formatCount } from "../lib/format.ts";

export interface ChartBucket {
  /** Short x-axis label, e.g. "14:00"; escaped. */
  label: string;
  success: number;
  failure: number;
}

/**
 * Smallest 2/4/6/8/10×10ⁿ at or above n. Even steps keep the middle gridline a whole
 * number too (a count axis reading "2.5" looks broken).
 */
export function niceMax(n: number): number {
  if (n <= 2) return 2;
  const pow = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 4, 6, 8]) if (step * pow >= n) return step * pow;
  return 10 * pow;
}

const pct = (v: number, max: number) => `${((Math.max(0, v) / max) * 100).toFixed(2)}%`;

/**
 * Stacked bars (succeeded below, failed above) drawn with CSS so they stretch to any width
 * without a chart library. The plot is aria-hidden; a visually hidden table carries the
 * same numbers for screen readers, and each column's title gives them on hover.
 */
export function BarChart(props: { buckets: ChartBucket[]; caption?: string; emptyText?: string }) {
  const { buckets } = props;
  const totals = buckets.map((b) => b.success + b.failure);
  const max = niceMax(Math.max(0, ...totals));
  const sumOk = buckets.reduce((a, b) => a + b.success, 0);
  const sumFail = buckets.reduce((a, b) => a + b.failure, 0);
  // Room for roughly eight x labels whatever the bucket count.
  const every = Math.max(1, Math.ceil(buckets.length / 8));
  const caption = props.caption ?? "Deliveries over time";
  // Formatted from numbers only, hence the safe* names xss-scan accepts.
  const [safeTotal, safeFailed] = [formatCount(sumOk + sumFail), formatCount(sumFail)];
  const [safeTop, safeMid] = [formatCount(max, true), formatCount(max / 2, true)];

  return (
    <figure class="chart">
      <div class="chart-head">
        <p class="chart-summary">
          <span class="num">{safeTotal}</span> deliveries
          {sumFail > 0 ? (
            <span class="chart-summary-fail">
              {" · "}<span class="num">{safeFailed}</span> failed
            </span>
          ) : ""}
        </p>
        <ul class="chart-legend" aria-hidden="true">
          <li><span class="swatch swatch-success" /> Succeeded</li>
          <li><span class="swatch swatch-danger" /> Failed</li>
        </ul>
      </div>
      <div class="chart-plot" aria-hidden="true">
        <div class="chart-y">
          {/* An empty chart gets no scale: "0 / 1 / 2" would suggest real data. */}
          <span>{sumOk + sumFail ? safeTop : ""}</span>
          <span>{sumOk + sumFail ? safeMid : ""}</span>
          <span>{sumOk + sumFail ? "0" : ""}</span>
        </div>
        <div class="chart-bars" style={`--cols: ${Math.max(1, buckets.length)}`}>
          {buckets.map((b, i) => (
            <div class="chart-col" title={`${b.label}: ${b.success} succeeded, ${b.failure} failed`}>
              <div class="chart-stack">
                <span class="bar bar-danger" style={`height: ${pct(b.failure, max)}`} />
                <span class="bar bar-success" style={`height: ${pct(b.success, max)}`} />
              </div>
              <span class={["chart-x", i % every !== 0 && "chart-x-hidden"]} safe>{b.label}</span>
            </div>
          ))}
          {sumOk + sumFail === 0 ? (
            <p class="chart-empty" safe>{props.emptyText ?? "No deliveries in this period"}</p>
          ) : ""}
        </div>
      </div>
      <table class="sr-only">
        <caption safe>{caption}</caption>
        <thead>
          <tr><th scope="col">Period</th><th scope="col">Succeeded</th><th scope="col">Failed</th></tr>
        </thead>
        <tbody>
          {buckets.map((b) => (
            <tr>
              <th scope="row" safe>{b.label}</th>
              <td>{b.success}</td>
              <td>{b.failure}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
