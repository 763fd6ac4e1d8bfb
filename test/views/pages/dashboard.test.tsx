import { describe, expect, test } from "bun:test";
import { DashboardBody, DashboardPage, type DashboardStats } from "../../../views/pages/dashboard.tsx";
import { count, injectedElements, render, XSS, XSS_ATTR, XSS_ESCAPED } from "../render.ts";

const NOW = Date.UTC(2026, 10, 26, 20, 0, 0);
const user = { email: "ada@example.com", role: "admin" };

const stats = (over: Partial<DashboardStats> = {}): DashboardStats => ({
  successRate: 0.9734,
  queueDepth: 1280,
  oldestPendingAgeMs: 7 * 60_000 + 12_000,
  deliveries24h: [
    { label: "18:00", success: 900, failure: 20 },
    { label: "19:00", success: 700, failure: 117 },
  ],
  failingEndpoints: [
    { id: "ep_1", url: "https://api.acme.test/hooks", href: "/endpoints/ep_1", appName: "Acme", failures: 95, lastStatus: 503, failingSince: NOW - 7_200_000 },
    { id: "ep_2", url: "https://b.test/in", failures: 4, lastStatus: null, lastError: "timeout", failingSince: NOW - 60_000 },
  ],
  disabledEndpoints: [{ id: "ep_9", url: "https://old.test/", reason: "Failing for 5 days", disabledAt: NOW - 86_400_000 }],
  recentRejections: [{ id: "r1", sourceName: "Stripe", reason: "Signature mismatch", at: NOW - 240_000, method: "post" }],
  ...over,
});

describe("DashboardPage", () => {
  test("highlights the dashboard section and titles the page", async () => {
    const html = await render(<DashboardPage user={user} csrfToken="t" version="1" stats={stats()} now={NOW} />);
    expect(html).toContain("<title>Dashboard · hookrelay</title>");
    expect(html).toContain('<a class="nav-link" href="/" aria-current="page">');
    expect(count(html, "<h1")).toBe(1);
  });

  test("shows the headline numbers formatted and toned", async () => {
    const html = await render(<DashboardBody stats={stats()} now={NOW} />);
    expect(html).toContain('<p class="stat-value">97.3%</p>');
    expect(html).toContain('<p class="stat-value">137</p>');
    expect(html).toContain('<p class="stat-value">1,280</p>');
    expect(html).toContain('<p class="stat-value">7m 12s</p>');
    expect(html).toContain("1,737 deliveries in 24 h");
    expect(html).toMatch(/stat-warn[^]*?Success rate/);
  });

  test("reads calm when nothing happened: dashes, queue empty, empty states", async () => {
    const html = await render(
      <DashboardBody
        stats={stats({ successRate: null, queueDepth: 0, oldestPendingAgeMs: null, deliveries24h: [], failingEndpoints: [], disabledEndpoints: [], recentRejections: [] })}
      />,
    );
    expect(html).toContain("No deliveries in 24 h");
    expect(html).toContain("Queue is empty");
    expect(html).toContain("No failing endpoints");
    expect(html).toContain("No disabled endpoints");
    expect(html).toContain("No rejected requests");
    expect(html).not.toContain("stat-bad");
  });

  test("lists failing endpoints with failures, last response and since", async () => {
    const html = await render(<DashboardBody stats={stats()} now={NOW} />);
    expect(html).toContain('<a class="mono truncate" href="/endpoints/ep_1" title="https://api.acme.test/hooks">https://api.acme.test/hooks</a>');
    expect(html).toContain('<td class="num">95</td>');
    expect(html).toContain(">503<");
    expect(html).toContain(">2 h ago<");
    // Without a status code the transport error is what the operator needs.
    expect(html).toContain('title="timeout">timeout</span>');
  });

  test("lists disabled endpoints and recent rejections", async () => {
    const html = await render(<DashboardBody stats={stats()} now={NOW} />);
    expect(html).toContain("Failing for 5 days");
    expect(html).toContain("Signature mismatch");
    expect(html).toContain(">Rejected<");
    expect(html).toContain(">POST<");
    expect(html).toContain(">4 min ago<");
  });

  test("polls itself every 30 s only when given a refresh URL", async () => {
    const polled = await render(<DashboardBody stats={stats()} refreshHref="/dashboard/body" />);
    expect(polled).toContain('id="dashboard-body"');
    expect(polled).toContain('hx-get="/dashboard/body" hx-trigger="every 30s" hx-swap="outerHTML"');
    expect(await render(<DashboardBody stats={stats()} />)).not.toContain("hx-get");
  });

  test("escapes endpoint URLs, app names, reasons and source names", async () => {
    const evil = stats({
      failingEndpoints: [{ id: "x", url: XSS, href: XSS_ATTR, appName: XSS, failures: 1, lastError: XSS }],
      disabledEndpoints: [{ id: "y", url: XSS, appName: XSS, reason: XSS }],
      recentRejections: [{ id: "z", sourceName: XSS, href: XSS_ATTR, reason: XSS, at: NOW, method: XSS }],
      deliveries24h: [{ label: XSS, success: 1, failure: 0 }],
    });
    const html = await render(<DashboardPage user={user} csrfToken="t" version="1" stats={evil} now={NOW} />);
    expect(injectedElements(html)).toEqual([]);
    expect(count(html, XSS_ESCAPED)).toBeGreaterThanOrEqual(9);
  });
});
