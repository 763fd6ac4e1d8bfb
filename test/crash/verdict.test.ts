// The crash harness's checker must be able to fail: each kind of broken run is detected.
import { describe, expect, test } from "bun:test";
import { judge, type Ack, type Delivery, type KeyRow } from "../../bench/crash/verdict";
import { bodyFor, keyOf } from "../../bench/crash/payload";

const run = "r1";
const acks: Ack[] = [0, 1, 2].map((seq) => ({ seq, msgId: `msg_${seq}` }));
const good = (seq: number, id = `msg_${seq}`): Delivery => ({ id, sigOk: true, body: bodyFor(run, seq) });
const rows = (...extra: KeyRow[]): KeyRow[] => [...[0, 1, 2].map((seq) => ({ key: keyOf(run, seq), n: 1, id: `msg_${seq}` })), ...extra];

describe("crash test verdict", () => {
  test("a clean run with one redelivery counts a duplicate and nothing else", () => {
    const v = judge(run, acks, [good(0), good(1), good(2), good(1)], rows());
    expect(v).toMatchObject({ acked: 3, delivered: 3, lost: 0, duplicates: 1, badSignatures: 0, bodyMismatches: 0, keyViolations: 0 });
  });

  test("an acknowledged event that never arrived is lost", () => {
    const v = judge(run, acks, [good(0), good(2)], rows());
    expect(v.lost).toBe(1);
    expect(v.lostSample[0]).toContain(keyOf(run, 1));
  });

  test("a delivery with a bad signature does not count as delivered", () => {
    const v = judge(run, acks, [good(0), { ...good(1), sigOk: false }, good(2)], rows());
    expect(v.badSignatures).toBe(1);
    expect(v.lost).toBe(1);
  });

  test("a body that is equivalent JSON but not the same bytes is a mismatch", () => {
    const reencoded = JSON.stringify(JSON.parse(bodyFor(run, 1)), null, 1);
    const v = judge(run, acks, [good(0), { id: "msg_1", sigOk: true, body: reencoded }, good(2)], rows());
    expect(v.bodyMismatches).toBe(1);
    expect(v.lost).toBe(1);
  });

  test("one idempotency key that made two messages is a key violation, in the database or at the receiver", () => {
    const twoRows = [{ key: keyOf(run, 0), n: 2, id: "msg_0" }, ...rows().slice(1)];
    expect(judge(run, acks, [good(0), good(1), good(2)], twoRows).keyViolations).toBe(1);
    expect(judge(run, acks, [good(0), good(0, "msg_0b"), good(1), good(2)], rows()).keyViolations).toBe(1);
  });

  test("a key that was never acknowledged but still made two messages is a violation", () => {
    expect(judge(run, acks, [good(0), good(1), good(2)], rows({ key: keyOf(run, 9), n: 2, id: "msg_9" })).keyViolations).toBe(1);
  });
});
