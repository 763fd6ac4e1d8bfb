// The scheduler's real timers: a zero-delay wake must not pay Bun's ~1 ms setTimeout clamp.
import { describe, expect, test } from "bun:test";
import { realTimers } from "../../src/delivery/scheduler";

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

describe("realTimers", () => {
  test("a zero delay runs on the next turn of the event loop (setImmediate), like an immediate queued after it", async () => {
    const ran: string[] = [];
    realTimers.setTimeout(() => ran.push("wake"), 0);
    await nextTurn();
    expect(ran).toEqual(["wake"]);
  });

  test("a cancelled zero-delay wake does not run", async () => {
    const ran: string[] = [];
    const h = realTimers.setTimeout(() => ran.push("zero"), 0);
    realTimers.clearTimeout(h);
    realTimers.setTimeout(() => ran.push("later"), 0);
    await nextTurn();
    expect(ran).toEqual(["later"]);
  });
});
