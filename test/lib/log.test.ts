import { describe, expect, test } from "bun:test";
import { createLogger } from "../../src/lib/log";
describe("logger", () => {
  test("a field named level does not change a JSON record's severity", () => {
    const lines: string[] = [];
    createLogger({ level: "info", format: "json", write: (l) => lines.push(l) }).info("reloaded", { level: "debug" });
    expect(JSON.parse(lines[0])).toMatchObject({ level: "info", msg: "reloaded" });
  });
});
