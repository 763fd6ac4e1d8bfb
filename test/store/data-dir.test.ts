import { describe, test, expect, afterAll } from "bun:test";
import { mkdtempSync, rmSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { acquireLock, LOCK_FILE } from "../../src/store/data-dir";

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const dataDir = () => { const d = mkdtempSync(join(tmpdir(), "hookrelay-lock-")); dirs.push(d); return d; };
/** The pid of a process that has already exited. */
const deadPid = () => Bun.spawnSync(["true"]).pid;

describe("acquireLock", () => {
  test("takes a free lock with this pid and releases it", () => {
    const d = dataDir();
    const release = acquireLock(d);
    expect(readFileSync(join(d, LOCK_FILE), "utf8")).toBe(String(process.pid));
    release();
    expect(existsSync(join(d, LOCK_FILE))).toBe(false);
  });

  test("refuses a lock held by a live process and leaves it in place", () => {
    const d = dataDir();
    writeFileSync(join(d, LOCK_FILE), String(process.ppid));
    expect(() => acquireLock(d)).toThrow(`is in use by another hookrelay server (pid ${process.ppid})`);
    expect(readFileSync(join(d, LOCK_FILE), "utf8")).toBe(String(process.ppid));
  });

  test("replaces a stale lock whose process is gone, or whose content is garbage", () => {
    for (const stale of [String(deadPid()), "not a pid"]) {
      const d = dataDir();
      writeFileSync(join(d, LOCK_FILE), stale);
      const release = acquireLock(d);
      expect(readFileSync(join(d, LOCK_FILE), "utf8")).toBe(String(process.pid));
      release();
    }
  });
});
