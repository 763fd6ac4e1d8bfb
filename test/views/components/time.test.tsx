import { describe, expect, test } from "bun:test";
import { AbsoluteTime, Duration, RelativeTime } from "../../../views/components/time.tsx";
import { render, XSS } from "../render.ts";

const NOW = Date.UTC(2026, 10, 26, 20, 0, 0);

describe("RelativeTime", () => {
  test("renders a machine-readable <time> with relative text and the absolute time as title", async () => {
    const html = await render(<RelativeTime at={NOW - 5 * 60_000} now={NOW} />);
    expect(html).toBe(
      '<time datetime="2026-11-26T19:55:00.000Z" title="2026-11-26 19:55:00 UTC" data-relative="">5 min ago</time>',
    );
  });

  test("accepts ISO strings and Dates", async () => {
    expect(await render(<RelativeTime at={new Date(NOW - 3_600_000)} now={NOW} />)).toContain("1 h ago");
    expect(await render(<RelativeTime at="2026-11-26T19:59:30Z" now={NOW} />)).toContain("30 s ago");
  });

  test("shows the escaped fallback when there is no time", async () => {
    expect(await render(<RelativeTime at={null} />)).toContain(">never<");
    expect(await render(<RelativeTime at={undefined} fallback={XSS} />)).not.toContain("<script>");
  });
});

describe("AbsoluteTime and Duration", () => {
  test("AbsoluteTime prints UTC and carries the ISO datetime", async () => {
    const html = await render(<AbsoluteTime at={NOW} />);
    expect(html).toContain('datetime="2026-11-26T20:00:00.000Z"');
    expect(html).toContain(">2026-11-26 20:00:00 UTC<");
  });

  test("Duration shows the short form with exact ms in the title", async () => {
    const html = await render(<Duration ms={1234} />);
    expect(html).toContain('title="1234 ms"');
    expect(html).toContain(">1.2 s<");
    expect(await render(<Duration ms={null} />)).toContain("–");
  });
});
