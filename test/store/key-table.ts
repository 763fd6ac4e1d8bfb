// Shared by the WriteBatcher tests: a fresh SQLite file per test (WAL, synchronous=FULL) holding one
// table of text keys, with a write that inserts a key and a read of every key in order.
import { beforeEach, afterEach } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "../../src/store/db";

export interface KeyTable {
  /** The store of the test running now. */
  readonly store: Store;
  /** A write that inserts `k` and returns the rows changed (1). */
  insert(k: string): () => number;
  keys(): string[];
}

export function useKeyTable(prefix: string): KeyTable {
  let dir = "";
  let store: Store | null = null;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    store = openStore({ path: join(dir, "t.sqlite"), synchronous: "full" });
    store.sqlite.run("CREATE TABLE t (k TEXT PRIMARY KEY)");
  });
  afterEach(() => { store?.close(); rmSync(dir, { recursive: true, force: true }); });
  return {
    get store() { return store!; },
    insert: (k) => () => store!.sqlite.run("INSERT INTO t (k) VALUES (?)", [k]).changes,
    keys: () => store!.sqlite.query<{ k: string }, []>("SELECT k FROM t ORDER BY k").all().map((r) => r.k),
  };
}
