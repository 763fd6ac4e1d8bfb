import { describe, expect, test } from "bun:test";
import { JsonBlock } from "../../../views/components/json-block.tsx";
import { injectedElements, render, XSS, XSS_ESCAPED } from "../render.ts";

describe("JsonBlock", () => {
  test("pretty-prints and highlights JSON, keeping the raw text for copying", async () => {
    const html = await render(<JsonBlock id="p" label="Payload" text='{"a":1}' />);
    expect(html).toContain('<span class="badge badge-neutral badge-mono">JSON</span>');
    expect(html).toContain('<span class="j-key">&quot;a&quot;</span>: <span class="j-num">1</span>');
    expect(html).toContain('<pre id="p-raw" class="code" tabindex="0">{&quot;a&quot;:1}</pre>');
    expect(html).toContain("<summary>Raw</summary>");
    expect(html).toContain('data-copy-target="#p-raw"');
  });

  test("skips the Raw section when the body was already formatted that way", async () => {
    const html = await render(<JsonBlock id="p" text={'{\n  "a": 1\n}'} />);
    expect(html).not.toContain("<summary>Raw</summary>");
    expect(html).toContain('<pre id="p-raw" hidden>');
  });

  test("shows text that does not parse as is, labelled Text", async () => {
    const html = await render(<JsonBlock id="f" text="a=1&b=2" />);
    expect(html).toContain(">Text<");
    expect(html).toContain('<pre id="f-raw" class="code" tabindex="0">a=1&amp;b=2</pre>');
  });

  test("escapes markup in both JSON and plain bodies", async () => {
    for (const text of [JSON.stringify({ x: XSS }), XSS, `{"broken": ${XSS}`]) {
      const html = await render(<JsonBlock text={text} label={XSS} />);
      expect(injectedElements(html)).toEqual([]);
      expect(html).toContain(XSS_ESCAPED);
    }
  });

  test("shows the missing message instead of a block when there is no body", async () => {
    const html = await render(<JsonBlock text={null} missing="Payload expired after 30 days" />);
    expect(html).toContain("Payload expired after 30 days");
    expect(html).not.toContain("<pre");
  });

  test("says Empty body for a zero-length body and offers no copy", async () => {
    const html = await render(<JsonBlock text="" />);
    expect(html).toContain("Empty body");
    expect(html).not.toContain("data-copy");
  });

  test("cuts bodies over maxChars and says so instead of highlighting them", async () => {
    const big = JSON.stringify({ data: "x".repeat(500) });
    const html = await render(<JsonBlock id="b" text={big} maxChars={100} />);
    expect(html).toContain(">Text<");
    expect(html).toContain("Showing the first");
    expect(html).not.toContain("x".repeat(200));
  });

  test("reports the size in bytes, not characters", async () => {
    expect(await render(<JsonBlock text={"é".repeat(600)} />)).toContain("1.2 KB");
  });
});
