import { describe, test, expect, beforeAll, afterAll } from "bun:test";
import { Database } from "bun:sqlite";
import { listPage, type PageQuery } from "../../src/store/pagination";

let db: Database;
beforeAll(() => {
  db = new Database(":memory:", { strict: true });
  db.run("CREATE TABLE items (id TEXT PRIMARY KEY, n INTEGER UNIQUE, kind TEXT)");
  for (let i = 1; i <= 9; i++) db.run("INSERT INTO items VALUES (?, ?, ?)", [`it_${i}`, i, i % 2 ? "odd" : "even"]);
});
afterAll(() => db.close());

type Row = { id: string; n: number };
const page = (q: Partial<PageQuery>, where: string[] = [], params: string[] = []) =>
  listPage<Row>(db, { select: "SELECT id, n FROM items", where, params, key: "id", keyOf: (r) => r.id }, { limit: 4, iterator: null, order: "ascending", ...q });
const ns = (p: { data: Row[] }) => p.data.map((r) => r.n);

describe("listPage", () => {
  test("walks forward with iterator until done, in both orders", () => {
    const a = page({});
    expect([ns(a), a.done, a.iterator, a.prevIterator]).toEqual([[1, 2, 3, 4], false, "it_4", "-it_1"]);
    const b = page({ iterator: a.iterator });
    const c = page({ iterator: b.iterator });
    expect([ns(b), ns(c), c.done]).toEqual([[5, 6, 7, 8], [9], true]);
    const d = page({ order: "descending" });
    expect([ns(d), ns(page({ order: "descending", iterator: d.iterator }))]).toEqual([[9, 8, 7, 6], [5, 4, 3, 2]]);
  });

  test("a prevIterator returns the page before, in the caller's order", () => {
    const b = page({ iterator: "it_4" });
    expect(ns(page({ iterator: b.prevIterator }))).toEqual([1, 2, 3, 4]);
    const d2 = page({ order: "descending", iterator: "it_6" });
    expect(ns(page({ order: "descending", iterator: d2.prevIterator }))).toEqual([9, 8, 7, 6]);
  });

  test("filters apply before the limit; an empty page keeps the iterator so polling can resume", () => {
    expect(ns(page({}, ["kind = ?"], ["even"]))).toEqual([2, 4, 6, 8]);
    const empty = page({ iterator: "it_9" });
    expect([empty.data, empty.done, empty.iterator, empty.prevIterator]).toEqual([[], true, "it_9", null]);
  });

  test("numeric keys compare as numbers", () => {
    const p = listPage<Row>(db, { select: "SELECT id, n FROM items", where: [], params: [], key: "n", numericKey: true, keyOf: (r) => String(r.n) }, { limit: 3, iterator: "8", order: "ascending" });
    expect(ns(p)).toEqual([9]);
  });
});
