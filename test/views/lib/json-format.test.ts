import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { formatJson } from "../../../views/lib/json-format.ts";
import { XSS, XSS_ESCAPED } from "../render.ts";

describe("formatJson", () => {
  test("indents objects and arrays by two spaces", () => {
    expect(formatJson('{"a":1,"b":[true,null]}')!.pretty).toBe('{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}');
  });

  test("keeps integers beyond 2^53 exactly as sent", () => {
    const out = formatJson('{"id":12345678901234567890,"f":1.50e+3}')!;
    expect(out.pretty).toContain("12345678901234567890");
    expect(out.pretty).toContain("1.50e+3");
  });

  test("keeps string escapes and duplicate keys verbatim", () => {
    const out = formatJson('{"k":"caf\\u00e9 \\"q\\" a:b,{c}","k":2}')!;
    expect(out.pretty).toBe('{\n  "k": "caf\\u00e9 \\"q\\" a:b,{c}",\n  "k": 2\n}');
  });

  test("renders empty containers compactly", () => {
    expect(formatJson('{"a":{},"b":[ ]}')!.pretty).toBe('{\n  "a": {},\n  "b": []\n}');
  });

  test("formats top-level scalars", () => {
    expect(formatJson(" 42 ")!.pretty).toBe("42");
    expect(formatJson('"x"')!.safeHtml).toBe('<span class="j-str">&quot;x&quot;</span>');
  });

  test("returns null when the text is not JSON", () => {
    expect(formatJson("a=1&b=2")).toBeNull();
    expect(formatJson("{'a':1}")).toBeNull();
    expect(formatJson("")).toBeNull();
  });

  test("escapes markup inside strings and marks keys apart from values", () => {
    const out = formatJson(JSON.stringify({ [XSS]: XSS }))!;
    expect(out.safeHtml).not.toContain("<script>");
    expect(out.safeHtml).toContain(`<span class="j-key">&quot;${XSS_ESCAPED}&quot;</span>`);
    expect(out.safeHtml).toContain(`<span class="j-str">&quot;${XSS_ESCAPED}&quot;</span>`);
  });

  test("produces HTML whose text content equals the pretty text", () => {
    const raw = '{"n":-1.5,"t":false,"s":"<b>&amp;</b>","z":null,"a":[1,{"x":"y"}]}';
    const out = formatJson(raw)!;
    const text = out.safeHtml.replace(/<[^>]+>/g, "")
      .replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&amp;", "&");
    expect(text).toBe(out.pretty);
    expect(JSON.parse(out.pretty)).toEqual(JSON.parse(raw));
  });

  test("matches JSON.stringify(value, null, 2) for any value JSON.stringify produced", () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(formatJson(JSON.stringify(v))!.pretty).toBe(JSON.stringify(v, null, 2));
    }), { numRuns: 300 });
  });
});
