// The event each loader sequence number sends. Deterministic, so the checker can rebuild the exact
// bytes a receiver must have seen without the loader shipping every payload around.
export const keyOf = (runId: string, seq: number) => `${runId}-${seq}`;

export function payloadFor(runId: string, seq: number): { key: string; seq: number; note: string; n: number[] } {
  // Some variety in size and content (unicode, escapes) so a truncated or re-encoded body shows.
  const note = `crash test é ✓ "quoted" \\ ${"x".repeat(seq % 97)}`;
  return { key: keyOf(runId, seq), seq, note, n: [seq, seq * 2, -seq] };
}

export const bodyFor = (runId: string, seq: number) => JSON.stringify(payloadFor(runId, seq));
