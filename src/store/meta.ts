// Installation-wide facts (setup token hash, scheduler notes) in a tiny key/value table.
import type { Store } from "./db";

export function getMeta(store: Store, key: string): string | null {
  const r = store.sqlite.query("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | null;
  return r?.value ?? null;
}

export function setMeta(store: Store, key: string, value: string): void {
  store.sqlite.run("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value]);
}

export function deleteMeta(store: Store, key: string): void {
  store.sqlite.run("DELETE FROM meta WHERE key = ?", [key]);
}
