import { describe, expect, test } from "bun:test";
import { Card } from "../../../views/components/card.tsx";
import { CodeSnippet } from "../../../views/components/code-snippet.tsx";
import { CopyButton, CopyField } from "../../../views/components/copy-button.tsx";
import { DetailList } from "../../../views/components/detail-list.tsx";
import { StatusBadge } from "../../../views/components/badge.tsx";
import { EmptyState } from "../../../views/components/empty-state.tsx";
import { Flash } from "../../../views/components/flash.tsx";
import { KeyValueTable } from "../../../views/components/key-value-table.tsx";
import { PageHeader } from "../../../views/components/page-header.tsx";
import { Pagination } from "../../../views/components/pagination.tsx";
import { StatCard } from "../../../views/components/stat-card.tsx";
import { count, injectedElements, render, XSS, XSS_ATTR, XSS_ESCAPED } from "../render.ts";

describe("KeyValueTable", () => {
  test("keeps header pairs in arrival order, repeats included, with row headers", async () => {
    const html = await render(<KeyValueTable rows={[["set-cookie", "a=1"], ["x-b", "2"], ["set-cookie", "c=3"]]} />);
    expect(html.indexOf("a=1")).toBeLessThan(html.indexOf(">2<"));
    expect(html.indexOf(">2<")).toBeLessThan(html.indexOf("c=3"));
    expect(count(html, '<th scope="row"')).toBe(3);
    expect(html).toContain('<th scope="col">Name</th>');
  });

  test("accepts a plain object and custom column headers", async () => {
    const html = await render(<KeyValueTable rows={{ plan: "pro" }} keyHeader="Key" />);
    expect(html).toContain('<th scope="col">Key</th>');
    expect(html).toContain("pro");
  });

  test("escapes names and values and puts values into copy buttons only as attributes", async () => {
    const html = await render(<KeyValueTable rows={[[XSS, XSS_ATTR]]} copyable caption={XSS} />);
    expect(injectedElements(html)).toEqual([]);
    expect(count(html, XSS_ESCAPED)).toBe(2);
    expect(html).toContain('data-copy="&#34;>');
  });

  test("shows the empty text instead of an empty table", async () => {
    const html = await render(<KeyValueTable rows={[]} empty="No query parameters" />);
    expect(html).toContain("No query parameters");
    expect(html).not.toContain("<table");
  });
});

describe("CopyButton and CopyField", () => {
  test("is a real button with an accessible name and the value to copy", async () => {
    const html = await render(<CopyButton text="whsec_abc" label="signing secret" />);
    expect(html).toStartWith('<button type="button"');
    expect(html).toContain('data-copy="whsec_abc"');
    expect(html).toContain('aria-label="Copy signing secret"');
  });

  test("copies a target element when given a selector instead of text", async () => {
    const html = await render(<CopyButton target="#body-raw" />);
    expect(html).toContain('data-copy-target="#body-raw"');
    expect(html).not.toContain("data-copy=");
  });

  test("CopyField shows the value escaped and can mask it", async () => {
    const html = await render(<CopyField value={XSS} label="URL" mask />);
    expect(html).toContain(XSS_ESCAPED);
    expect(html).toContain("masked");
    expect(injectedElements(html)).toEqual([]);
  });
});

describe("Pagination", () => {
  test("links both directions with rel when both hrefs are given", async () => {
    const html = await render(<Pagination prevHref="/m?after=a" nextHref="/m?before=b" summary="50 messages" />);
    expect(html).toContain('aria-label="Pagination"');
    expect(html).toContain('href="/m?after=a" rel="prev"');
    expect(html).toContain('href="/m?before=b" rel="next"');
    expect(html).toContain("50 messages");
  });

  test("renders a disabled span, not a dead link, for a missing direction", async () => {
    const html = await render(<Pagination nextHref="/m?before=b" />);
    expect(html).toContain('<span class="btn btn-secondary btn-sm" aria-disabled="true">');
    expect(count(html, "<a ")).toBe(1);
  });

  test("adds htmx attributes only when a target is given", async () => {
    expect(await render(<Pagination nextHref="/x" hxTarget="#rows" />)).toContain('hx-get="/x" hx-target="#rows" hx-push-url="true"');
    expect(await render(<Pagination nextHref="/x" />)).not.toContain("hx-get");
  });

  test("escapes the summary and the hrefs", async () => {
    const html = await render(<Pagination nextHref={`/m?q=${XSS_ATTR}`} summary={XSS} />);
    expect(injectedElements(html)).toEqual([]);
  });
});

describe("EmptyState, StatCard, Flash, PageHeader, Card", () => {
  test("EmptyState shows title, description and the call to action", async () => {
    const html = await render(<EmptyState title="No endpoints yet" description="Add one" action={{ href: "/e/new", label: "Add endpoint" }} />);
    expect(html).toContain("No endpoints yet");
    expect(html).toContain('<a class="btn btn-primary" href="/e/new">Add endpoint</a>');
  });

  test("StatCard tints bad values and tells screen readers", async () => {
    const html = await render(<StatCard label="Success rate" value="91.0%" tone="bad" hint="24 h" />);
    expect(html).toContain("stat-bad");
    expect(html).toContain(">91.0%<");
    expect(html).toContain("Needs attention.");
    expect(await render(<StatCard label="Queue" value={0} />)).not.toContain("Needs attention");
  });

  test("StatCard becomes a link when given an href", async () => {
    expect(await render(<StatCard label="Queue" value={3} href="/messages?status=pending" />)).toStartWith('<a class="card stat-card');
  });

  test("Flash uses role=alert for errors and status otherwise, with a dismiss button", async () => {
    const err = await render(<Flash kind="error" message="Could not save" />);
    expect(err).toContain('role="alert"');
    expect(err).toContain('<button type="button" class="flash-close" data-dismiss="" aria-label="Dismiss">');
    expect(await render(<Flash kind="success" message="Saved" />)).toContain('role="status"');
    expect(await render(<Flash kind="info" message="x" oob />)).toContain('hx-swap-oob="beforeend:#flash"');
  });

  test("PageHeader renders crumbs as an ordered breadcrumb nav and one h1", async () => {
    const html = await render(
      <PageHeader title="Acme" description="Application" crumbs={[{ label: "Applications", href: "/applications" }, { label: "Acme" }]}>
        <a class="btn" href="/x">Edit</a>
      </PageHeader>,
    );
    expect(html).toContain('<nav aria-label="Breadcrumb" class="crumbs"><ol>');
    expect(count(html, "<h1")).toBe(1);
    expect(html).toContain('<div class="page-actions"><a class="btn" href="/x">Edit</a></div>');
  });

  test("Card labels its section by its title", async () => {
    const html = await render(<Card id="fails" title="Failing endpoints">x</Card>);
    expect(html).toContain('aria-labelledby="fails-title"');
    expect(html).toContain('<h2 class="card-title" id="fails-title">Failing endpoints</h2>');
  });

  test("escape user text in titles, descriptions, messages and labels", async () => {
    const html = [
      await render(<EmptyState title={XSS} description={XSS} action={{ href: XSS_ATTR, label: XSS }} />),
      await render(<StatCard label={XSS} value={XSS} hint={XSS} />),
      await render(<Flash kind="error" message={XSS} />),
      await render(<PageHeader title={XSS} description={XSS} crumbs={[{ label: XSS, href: XSS_ATTR }, { label: XSS }]} />),
      await render(<Card title={XSS} description={XSS} />),
    ].join("");
    expect(injectedElements(html)).toEqual([]);
    expect(count(html, XSS_ESCAPED)).toBe(13);
  });
});

describe("CodeSnippet", () => {
  test("shows the code escaped with a copy button aimed at it", async () => {
    const html = await render(<CodeSnippet id="curl" label="curl" code={`curl -d '${XSS}' https://x.test`} />);
    expect(html).toContain('<pre id="curl" class="code" tabindex="0">curl -d &#x27;' + XSS_ESCAPED);
    expect(html).toContain('data-copy-target="#curl"');
    expect(injectedElements(html)).toEqual([]);
  });
});

describe("DetailList", () => {
  test("renders a dl with escaped text, component markup as is, and a dash for empty values", async () => {
    const html = await render(
      <DetailList items={[
        { label: "Message ID", text: XSS, mono: true },
        { label: "Status", node: <StatusBadge status="failed" /> },
        { label: "Channel", text: null },
      ]} />,
    );
    expect(html).toStartWith('<dl class="details">');
    expect(html).toContain(`<dt>Message ID</dt><dd class="mono">${XSS_ESCAPED}</dd>`);
    expect(html).toContain('<dd><span class="badge badge-danger badge-dot" data-status="failed"><span>Failed</span></span></dd>');
    expect(html).toContain('<dt>Channel</dt><dd class="muted">–</dd>');
    expect(injectedElements(html)).toEqual([]);
  });
});
