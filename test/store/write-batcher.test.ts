import { describe, test, expect } from "bun:test";
import { WriteBatcher } from "../../src/store/write-batcher";
import { useKeyTable } from "./key-table";

const db = useKeyTable("hookrelay-wb-");
const { insert, keys } = db;

describe("WriteBatcher", () => {
  test("writes submitted in one event-loop turn share one transaction", async () => {
    let commits = 0;
    const w = new WriteBatcher(db.store.sqlite, { onCommit: () => commits++ });
    const results = await Promise.all(["a", "b", "c"].map((k) => w.run(insert(k))));
    expect(results).toEqual([1, 1, 1]);
    expect(keys()).toEqual(["a", "b", "c"]);
    expect(w.stats).toEqual({ commits: 1, writes: 3, largestBatch: 3 });
    expect(commits).toBe(1);
  });

  test("a promise settles only after COMMIT: nothing is visible while the batch is queued", async () => {
    const w = new WriteBatcher(db.store.sqlite);
    const p = w.run(insert("x"));
    expect(keys()).toEqual([]);
    await p;
    expect(keys()).toEqual(["x"]);
  });

  test("a failing write rolls back alone; the others in the batch commit", async () => {
    db.store.sqlite.run("INSERT INTO t (k) VALUES ('dup')");
    const w = new WriteBatcher(db.store.sqlite);
    const settled = await Promise.allSettled([w.run(insert("a")), w.run(() => { insert("partial")(); return insert("dup")(); }), w.run(insert("b"))]);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(keys()).toEqual(["a", "b", "dup"]);
  });

  test("batches are capped at maxBatch writes per transaction", async () => {
    const w = new WriteBatcher(db.store.sqlite, { maxBatch: 2 });
    await Promise.all(["a", "b", "c", "d", "e"].map((k) => w.run(insert(k))));
    expect(w.stats.commits).toBe(3);
    expect(keys()).toHaveLength(5);
  });

  test("when BEGIN fails every write of the batch is rejected and nothing is stored", async () => {
    const w = new WriteBatcher(db.store.sqlite);
    db.store.sqlite.run("BEGIN");
    const settled = await Promise.allSettled([w.run(insert("a")), w.run(insert("b"))]);
    db.store.sqlite.run("ROLLBACK");
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected"]);
    expect(keys()).toEqual([]);
  });

  test("close() commits what is queued and refuses later writes", async () => {
    const w = new WriteBatcher(db.store.sqlite);
    const p = w.run(insert("q"));
    w.close();
    expect(keys()).toEqual(["q"]);
    await p;
    await expect(w.run(insert("late"))).rejects.toThrow("closed");
  });
});

describe("WriteBatcher: writes that can be run again (reset)", () => {
  /** A write that counts its runs and resets, as messages.create does with its hand-over state. */
  const counted = (w: WriteBatcher, k: string, log: string[]) =>
    w.run(() => { log.push(`run ${k}`); return insert(k)(); }, { reset: () => { log.push(`reset ${k}`); } });

  test("a batch of them that succeeds runs each write once, in one transaction, and resets nothing", async () => {
    const w = new WriteBatcher(db.store.sqlite);
    const log: string[] = [];
    expect(await Promise.all(["a", "b"].map((k) => counted(w, k, log)))).toEqual([1, 1]);
    expect(log).toEqual(["run a", "run b"]);
    expect(keys()).toEqual(["a", "b"]);
    expect(w.stats.commits).toBe(1);
  });

  test("one failing write rolls the batch back, resets every write, and reruns it with savepoints: the others commit, the failure alone is rejected", async () => {
    db.store.sqlite.run("INSERT INTO t (k) VALUES ('dup')");
    const w = new WriteBatcher(db.store.sqlite);
    const log: string[] = [];
    const settled = await Promise.allSettled(["a", "dup", "b"].map((k) => counted(w, k, log)));
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(log).toEqual(["run a", "run dup", "reset a", "reset dup", "reset b", "run a", "run dup", "run b"]);
    expect(keys()).toEqual(["a", "b", "dup"]);
    expect(w.stats).toMatchObject({ commits: 1, writes: 2 });
  });

  test("after a failure, the next batches keep their savepoints: a later failure costs no second run", async () => {
    db.store.sqlite.run("INSERT INTO t (k) VALUES ('dup')");
    const w = new WriteBatcher(db.store.sqlite);
    await Promise.allSettled(["dup"].map((k) => counted(w, k, [])));
    const log: string[] = [];
    const settled = await Promise.allSettled(["c", "dup"].map((k) => counted(w, k, log)));
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected"]);
    expect(log).toEqual(["run c", "run dup"]);
  });

  test("a write without reset in the batch means savepoints from the start: nothing runs twice", async () => {
    db.store.sqlite.run("INSERT INTO t (k) VALUES ('dup')");
    const w = new WriteBatcher(db.store.sqlite);
    const log: string[] = [];
    const plain = w.run(() => { log.push("run x"); return insert("x")(); });
    const settled = await Promise.allSettled([plain, counted(w, "dup", log)]);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected"]);
    expect(log).toEqual(["run x", "run dup"]);
    expect(keys()).toEqual(["dup", "x"]);
  });
});
