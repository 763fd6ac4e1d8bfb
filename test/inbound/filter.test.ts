import { describe, expect, test } from "bun:test";
import { filterInputOf, matchFilter, validateFilter, type FilterInput } from "../../src/inbound/filter";

const enc = new TextEncoder();
const input = (body: unknown, extra: Partial<{ headers: [string, string][]; query: string; path: string }> = {}): FilterInput =>
  filterInputOf({ headers: extra.headers ?? [["X-GitHub-Event", "push"], ["Content-Type", "application/json"]], query: extra.query ?? "env=prod&tag=a&tag=b", path: extra.path ?? "/github/main" },
    typeof body === "string" ? body : JSON.parse(new TextDecoder().decode(enc.encode(JSON.stringify(body)))));

const push = { ref: "refs/heads/main", commits: [{ id: "a" }, { id: "b" }], repository: { name: "hookrelay", stars: 42 }, draft: false, labels: ["bug", "ui"] };

function check(filter: unknown, inp: FilterInput = input(push)): boolean {
  const v = validateFilter(filter);
  if (!v.ok) throw new Error(`${v.path}: ${v.message}`);
  return matchFilter(v.filter, inp);
}

describe("matchFilter", () => {
  test("plain values mean equality on nested body fields", () => {
    expect(check({ body: { repository: { name: "hookrelay" } } })).toBe(true);
    expect(check({ body: { repository: { name: "other" } } })).toBe(false);
  });

  test("header names match case-insensitively", () => {
    expect(check({ headers: { "x-github-event": "push" } })).toBe(true);
    expect(check({ headers: { "X-GITHUB-EVENT": "push" } })).toBe(true);
    expect(check({ headers: { "x-github-event": "issues" } })).toBe(false);
  });

  test("query and path are matched, repeated query keys become arrays", () => {
    expect(check({ query: { env: "prod" }, path: { $startsWith: "/github" } })).toBe(true);
    expect(check({ query: { tag: "b" } })).toBe(true);
    expect(check({ path: { $endsWith: "/dev" } })).toBe(false);
  });

  test("$eq $neq $in $nin compare values and arrays", () => {
    expect(check({ body: { ref: { $eq: "refs/heads/main" } } })).toBe(true);
    expect(check({ body: { ref: { $neq: "refs/heads/main" } } })).toBe(false);
    expect(check({ body: { labels: { $in: ["ui", "docs"] } } })).toBe(true);
    expect(check({ body: { labels: { $nin: ["docs"] } } })).toBe(true);
    expect(check({ body: { ref: { $in: ["a", "b"] } } })).toBe(false);
    expect(check({ body: { ref: { $in: "heads" } } })).toBe(true);
  });

  test("$gt $gte $lt $lte compare numbers, also numeric strings in headers", () => {
    expect(check({ body: { repository: { stars: { $gt: 41, $lte: 42 } } } })).toBe(true);
    expect(check({ body: { repository: { stars: { $lt: 42 } } } })).toBe(false);
    expect(check({ headers: { "x-count": { $gte: 10 } } }, input(push, { headers: [["x-count", "12"]] }))).toBe(true);
    expect(check({ headers: { "x-count": { $gte: 10 } } }, input(push, { headers: [["x-count", "abc"]] }))).toBe(false);
  });

  test("$exist tells present from missing keys", () => {
    expect(check({ body: { draft: { $exist: true } } })).toBe(true);
    expect(check({ body: { deleted: { $exist: false } } })).toBe(true);
    expect(check({ body: { deleted: { $exist: true } } })).toBe(false);
  });

  test("$and $or $not combine conditions", () => {
    expect(check({ $or: [{ headers: { "x-github-event": "issues" } }, { body: { draft: false } }] })).toBe(true);
    expect(check({ $and: [{ headers: { "x-github-event": "push" } }, { body: { draft: true } }] })).toBe(false);
    expect(check({ $not: { body: { draft: true } } })).toBe(true);
    expect(check({ body: { ref: { $not: { $startsWith: "refs/tags/" } } } })).toBe(true);
  });

  test("an array schema requires every element to be contained", () => {
    expect(check({ body: { commits: [{ id: "b" }] } })).toBe(true);
    expect(check({ body: { commits: [{ id: "b" }, { id: "z" }] } })).toBe(false);
    expect(check({ body: { labels: "bug" } })).toBe(true);
  });

  test("non-JSON bodies are matched as text", () => {
    expect(check({ body: { $startsWith: "payload=" } }, input("payload=%7B%7D"))).toBe(true);
    expect(check({ body: { type: "x" } }, input("payload=%7B%7D"))).toBe(false);
  });
});

describe("validateFilter", () => {
  test("rejects unknown operators and bad operands with the path of the problem", () => {
    expect(validateFilter({ body: { a: { $regex: "x" } } })).toEqual({ ok: false, path: "filter.body.a.$regex", message: "unknown operator $regex" });
    expect(validateFilter({ body: { a: { $in: 5 } } }).ok).toBe(false);
    expect(validateFilter({ $or: [] }).ok).toBe(false);
    expect(validateFilter({ $exist: "yes" }).ok).toBe(false);
    expect(validateFilter({ method: "POST" }).ok).toBe(false);
    expect(validateFilter([1]).ok).toBe(false);
  });

  test("lowercases header names, also inside $or", () => {
    const v = validateFilter({ headers: { "X-A": "1", $or: [{ "X-B": "2" }] } });
    expect(v.ok && v.filter).toEqual({ headers: { "x-a": "1", $or: [{ "x-b": "2" }] } });
  });
});
