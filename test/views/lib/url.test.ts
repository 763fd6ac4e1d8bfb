import { describe, expect, test } from "bun:test";
import { safeExternalHref } from "../../../views/lib/url.ts";

describe("safeExternalHref", () => {
  test("passes absolute http and https URLs through, normalised", () => {
    expect(safeExternalHref("https://api.acme.test/hooks?x=1")).toBe("https://api.acme.test/hooks?x=1");
    expect(safeExternalHref("http://localhost:3000")).toBe("http://localhost:3000/");
  });

  test("refuses script-capable and relative URLs so they render as text", () => {
    for (const bad of ["javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,<script>", "vbscript:x", "/relative", "", null, undefined]) {
      expect(safeExternalHref(bad)).toBeUndefined();
    }
  });
});
