// API token verification: a read per request; last_used_at is written at most once a minute.
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "../../src/store/db";
import { applyMigrations } from "../../src/store/migrate";
import { createToken, listTokens, revokeToken, tokenVerifier } from "../../src/store/tokens";

let dir = "";
let store: Store | null = null;
function fresh(): Store {
  dir = mkdtempSync(join(tmpdir(), "hookrelay-tokens-"));
  store = openStore({ path: join(dir, "db.sqlite") });
  applyMigrations(store.sqlite);
  return store;
}
afterEach(() => { store?.close(); store = null; rmSync(dir, { recursive: true, force: true }); });

describe("tokenVerifier", () => {
  test("a valid token verifies and last_used_at is written on first use, then not again within a minute", () => {
    const s = fresh();
    const t0 = 1_700_000_000_000;
    const { token, row } = createToken(s, "ci", t0);
    const verify = tokenVerifier(s);
    expect(verify(token, t0 + 1000)).toEqual({ id: row.id, name: "ci" });
    expect(listTokens(s)[0].lastUsedAt).toBe(t0 + 1000);
    verify(token, t0 + 30_000);
    expect(listTokens(s)[0].lastUsedAt).toBe(t0 + 1000);
    verify(token, t0 + 61_001);
    expect(listTokens(s)[0].lastUsedAt).toBe(t0 + 61_001);
  });

  test("an unknown or revoked token does not verify", () => {
    const s = fresh();
    const { token, row } = createToken(s, "ci", 1);
    const verify = tokenVerifier(s);
    expect(verify("hr_nope", 2)).toBeNull();
    expect(verify(token, 2)).not.toBeNull();
    expect(revokeToken(s, row.id, 3)).toBe(true);
    expect(verify(token, 4)).toBeNull();
  });
});
