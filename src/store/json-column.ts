// JSON text columns: tolerant reads (a hand-edited row must not turn into a 500), compact writes.
export function readJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === "") return fallback;
  try { return JSON.parse(text) as T; } catch { return fallback; }
}

export function writeJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** True when a SQLite error is a UNIQUE constraint violation (duplicate uid, eventId, name). */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? "";
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || /UNIQUE constraint failed/.test(String((e as Error)?.message));
}
