import { describe, expect, test } from "bun:test";
import { BarChart, niceMax } from "../../../views/components/bar-chart.tsx";
import { count, injectedElements, render, XSS } from "../render.ts";

const buckets = [
  { label: "10:00", success: 30, failure: 0 },
  { label: "11:00", success: 12, failure: 3 },
  { label: "12:00", success: 0, failure: 0 },
];

describe("niceMax", () => {
  test("rounds the scale up to an even step so the middle gridline is whole", () => {
    expect([0, 1, 2, 3, 7, 10, 11, 30, 45, 99, 101, 7_500].map(niceMax)).toEqual([2, 2, 2, 4, 8, 10, 20, 40, 60, 100, 200, 8_000]);
  });
});

describe("BarChart", () => {
  test("draws stacked bars sized against the rounded maximum", async () => {
    const html = await render(<BarChart buckets={buckets} />);
    // max total 30 → scale 40
    expect(html).toContain('<span class="bar bar-success" style="height: 75.00%">');
    expect(html).toContain('<span class="bar bar-danger" style="height: 7.50%">');
    expect(html).toContain('title="11:00: 12 succeeded, 3 failed"');
    expect(html).toContain("--cols: 3");
  });

  test("summarises totals and failures above the plot", async () => {
    const html = await render(<BarChart buckets={buckets} />);
    expect(html).toContain('<span class="num">45</span> deliveries');
    expect(html).toContain('<span class="num">3</span> failed');
  });

  test("hides the plot from screen readers and gives them a data table instead", async () => {
    const html = await render(<BarChart buckets={buckets} caption="Deliveries today" />);
    expect(html).toContain('<div class="chart-plot" aria-hidden="true">');
    expect(html).toContain('<table class="sr-only"><caption>Deliveries today</caption>');
    expect(html).toContain('<th scope="row">11:00</th><td>12</td><td>3</td>');
  });

  test("labels about eight columns on the x axis however many buckets there are", async () => {
    const many = Array.from({ length: 24 }, (_, i) => ({ label: `${i}h`, success: i, failure: 0 }));
    const html = await render(<BarChart buckets={many} />);
    expect(count(html, 'class="chart-x"')).toBe(8);
    expect(count(html, "chart-x chart-x-hidden")).toBe(16);
  });

  test("says so, with no scale, when every bucket is empty", async () => {
    const html = await render(<BarChart buckets={[{ label: "a", success: 0, failure: 0 }]} emptyText="Nothing yet" />);
    expect(html).toContain("Nothing yet");
    expect(html).toContain('<div class="chart-y"><span></span><span></span><span></span></div>');
  });

  test("escapes bucket labels", async () => {
    const html = await render(<BarChart buckets={[{ label: XSS, success: 1, failure: 1 }]} caption={XSS} />);
    expect(injectedElements(html)).toEqual([]);
  });
});
