// The crash test's judgement, as a pure function over what the loader, receiver and database
// recorded, so the checker itself is tested (test/crash/verdict.test.ts) with runs that must fail.
import { bodyFor, keyOf } from "./payload";

export interface Ack { seq: number; msgId: string }
export interface Delivery { id: string | null; sigOk: boolean; body: string }
/** messages grouped by the payload's key: how many rows and the first id. */
export interface KeyRow { key: string; n: number; id: string }

export interface Verdict {
  acked: number;
  /** Distinct acked-or-not message ids delivered intact with a valid signature. */
  delivered: number;
  lost: number;
  duplicates: number;
  badSignatures: number;
  bodyMismatches: number;
  keyViolations: number;
  lostSample: string[];
}

export function judge(runId: string, acks: Ack[], deliveries: Delivery[], perKey: KeyRow[]): Verdict {
  const dbMessages = new Map(perKey.map((r) => [r.key, r]));
  let badSignatures = 0, bodyMismatches = 0;
  const idsByKey = new Map<string, Set<string>>();
  const goodIds = new Set<string>();
  for (const d of deliveries) {
    if (!d.sigOk) badSignatures++;
    let seq = -1;
    try { seq = (JSON.parse(d.body) as { seq: number }).seq; } catch { /* not our JSON: a mismatch */ }
    // Byte-equal to what the loader sent, not merely equivalent JSON.
    if (!Number.isInteger(seq) || seq < 0 || d.body !== bodyFor(runId, seq)) { bodyMismatches++; continue; }
    const key = keyOf(runId, seq);
    if (!idsByKey.has(key)) idsByKey.set(key, new Set());
    idsByKey.get(key)!.add(d.id ?? "");
    if (d.sigOk && d.id) goodIds.add(d.id);
  }
  let keyViolations = 0, lost = 0;
  const lostSample: string[] = [];
  const ackedKeys = new Set<string>();
  for (const a of acks) {
    const key = keyOf(runId, a.seq);
    ackedKeys.add(key);
    if (!goodIds.has(a.msgId)) { lost++; if (lostSample.length < 10) lostSample.push(`${key} (${a.msgId})`); }
    const ids = idsByKey.get(key);
    const row = dbMessages.get(key);
    // One key, one message: one row in the database, with the id the ack named, and only that id delivered.
    if ((ids && (ids.size > 1 || !ids.has(a.msgId))) || !row || row.n !== 1 || row.id !== a.msgId) keyViolations++;
  }
  for (const [key, row] of dbMessages) if (row.n > 1 && !ackedKeys.has(key)) keyViolations++;
  return {
    acked: acks.length,
    delivered: goodIds.size,
    lost,
    duplicates: deliveries.length - new Set(deliveries.map((d) => d.id)).size,
    badSignatures,
    bodyMismatches,
    keyViolations,
    lostSample,
  };
}
