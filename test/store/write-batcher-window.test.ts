// The commit window (`--commit-window`) and ride(): a fake clock and timer decide when a window has
// passed; the transactions, syncs and rows are real (a SQLite file in WAL mode at synchronous=FULL).
import { describe, test, expect } from "bun:test";
import { WriteBatcher } from "../../src/store/write-batcher";
import { FakeTimers } from "../helpers/fake-timers";
import { useKeyTable } from "./key-table";

const db = useKeyTable("hookrelay-wbw-");
const { insert, keys } = db;

/** One turn of the event loop (where a commit without a window would run). */
const nextTurn = () => new Promise<void>((r) => setImmediate(r));

describe("WriteBatcher: commit window", () => {
  test("without a window (the default), a write after a commit is committed at the next turn, with no timer", async () => {
    const timers = new FakeTimers();
    const w = new WriteBatcher(db.store.sqlite, { timers });
    await w.run(insert("a"));
    await w.run(insert("b"));
    expect(timers.pending()).toEqual([]);
    expect(w.stats.commits).toBe(2);
    expect(keys()).toEqual(["a", "b"]);
  });

  test("the first write after a quiet spell is committed at once; writes inside the window wait for it and then share one transaction", async () => {
    const timers = new FakeTimers();
    const w = new WriteBatcher(db.store.sqlite, { timers, commitWindowMs: 5 });
    await w.run(insert("a"));
    expect(w.stats.commits).toBe(1);
    timers.advance(1);
    const b = w.run(insert("b"));
    const c = w.run(insert("c"));
    await nextTurn(); // a commit without a window would have run here
    expect(keys()).toEqual(["a"]);
    expect(timers.pending()).toEqual([4]);
    timers.advance(4);
    expect(await Promise.all([b, c])).toEqual([1, 1]);
    expect(keys()).toEqual(["a", "b", "c"]);
    expect(w.stats).toMatchObject({ commits: 2, writes: 3 });
  });

  test("once the window has passed, the next write commits without a timer", async () => {
    const timers = new FakeTimers();
    const w = new WriteBatcher(db.store.sqlite, { timers, commitWindowMs: 5 });
    await w.run(insert("a"));
    timers.advance(5);
    await w.run(insert("b"));
    expect(timers.pending()).toEqual([]);
    expect(w.stats.commits).toBe(2);
  });

  test("close() commits writes that wait for the window at once", async () => {
    const timers = new FakeTimers();
    const w = new WriteBatcher(db.store.sqlite, { timers, commitWindowMs: 50 });
    await w.run(insert("a"));
    const b = w.run(insert("b"));
    await nextTurn();
    w.close();
    expect(await b).toBe(1);
    expect(keys()).toEqual(["a", "b"]);
  });
});

describe("WriteBatcher: ride()", () => {
  test("a rider starts no transaction: it is committed in the next one a write starts, ahead of that write", async () => {
    const timers = new FakeTimers();
    const w = new WriteBatcher(db.store.sqlite, { timers, commitWindowMs: 5 });
    const order: string[] = [];
    const r = w.ride(() => { order.push("rider"); return insert("r")(); }, { reset: () => {}, maxWaitMs: 5 });
    await nextTurn();
    expect(w.stats.commits).toBe(0);
    expect(keys()).toEqual([]);
    const a = w.run(() => { order.push("write"); return insert("a")(); });
    expect(await Promise.all([r, a])).toEqual([1, 1]);
    expect(order).toEqual(["rider", "write"]);
    expect(w.stats).toMatchObject({ commits: 1, writes: 2 });
    expect(timers.pending()).toEqual([]); // its own timer was cleared when it boarded
  });

  test("a rider with no write to ride with is committed on its own once maxWaitMs has passed", async () => {
    const timers = new FakeTimers();
    const w = new WriteBatcher(db.store.sqlite, { timers, commitWindowMs: 5 });
    const r = w.ride(insert("r"), { reset: () => {}, maxWaitMs: 5 });
    expect(timers.pending()).toEqual([5]);
    timers.advance(4);
    await nextTurn();
    expect(keys()).toEqual([]);
    timers.advance(1);
    expect(await r).toBe(1);
    expect(keys()).toEqual(["r"]);
    expect(w.stats.commits).toBe(1);
  });

  test("riders waiting when the batcher closes are committed by close(); a rider after close() is refused", async () => {
    const timers = new FakeTimers();
    const w = new WriteBatcher(db.store.sqlite, { timers, commitWindowMs: 5 });
    const r = w.ride(insert("r"), { reset: () => {}, maxWaitMs: 5 });
    w.close();
    expect(await r).toBe(1);
    expect(keys()).toEqual(["r"]);
    await expect(w.ride(insert("late"), { reset: () => {}, maxWaitMs: 5 })).rejects.toThrow("closed");
  });

  test("a rider that fails rolls back alone; the write it rode with commits", async () => {
    db.store.sqlite.run("INSERT INTO t (k) VALUES ('dup')");
    const timers = new FakeTimers();
    const w = new WriteBatcher(db.store.sqlite, { timers });
    const r = w.ride(insert("dup"), { reset: () => {}, maxWaitMs: 5 });
    const a = w.run(insert("a"), { reset: () => {} });
    const settled = await Promise.allSettled([r, a]);
    expect(settled.map((s) => s.status)).toEqual(["rejected", "fulfilled"]);
    expect(keys()).toEqual(["a", "dup"]);
  });
});
