// The README's command table lists every command the binary has, and its doc links lead somewhere.
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { COMMANDS } from "../../src/cli";

const ROOT = resolve(import.meta.dir, "../..");
const readme = readFileSync(resolve(ROOT, "README.md"), "utf8");
const section = readme.slice(readme.indexOf("## Command line"), readme.indexOf("\n## ", readme.indexOf("## Command line") + 1));
const rows = section.split("\n").filter((l) => l.startsWith("| `hookrelay "));

/** GitHub's heading anchors: lowercase, punctuation dropped, spaces to hyphens. */
const anchorsOf = (markdown: string) =>
  new Set([...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) => m[1].toLowerCase().replace(/[^\w\s-]/g, "").trim().replace(/\s/g, "-")));

describe("README command table", () => {
  test("has a row for every command of the binary", () => {
    const missing = COMMANDS.map((c) => c.name).filter((name) => !rows.some((r) => r.includes(`\`hookrelay ${name}`) || r.includes(` / \`${name}`)));
    expect(missing).toEqual([]);
  });

  test("links only to doc files and headings that exist", () => {
    for (const [, file, anchor] of section.matchAll(/\]\(([^)#]*)(?:#([^)]+))?\)/g)) {
      const target = file ? resolve(ROOT, file) : resolve(ROOT, "README.md");
      expect(existsSync(target)).toBe(true);
      if (anchor) expect([...anchorsOf(readFileSync(target, "utf8"))]).toContain(anchor);
    }
  });
});
