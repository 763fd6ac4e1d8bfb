// The kill -9 test in its CI size (~30 s): the real relay process is SIGKILLed at random moments
// under steady load and restarted; nothing acknowledged may be lost. The long version is
// `bun run test:crash -- --duration 600` (docs/security.md).
import { expect, test } from "bun:test";
import { formatReport, runCrashTest } from "../../bench/crash/harness";

test("every event acknowledged with 2xx is delivered intact and signed, once per idempotency key, across random SIGKILLs", async () => {
  const lines: string[] = [];
  const report = await runCrashTest({ loadMs: 14_000, drainMs: 16_000, rate: 40, killMinMs: 2_000, killMaxMs: 4_500, log: (l) => lines.push(l) });
  const text = formatReport(report);
  console.log(text);
  expect(report.restarts).toBeGreaterThanOrEqual(2); // the run really killed the relay
  expect(report.acked).toBeGreaterThan(300);
  expect(report.integrityFailures).toEqual([]);
  expect({ lost: report.lost, badSignatures: report.badSignatures, bodyMismatches: report.bodyMismatches, keyViolations: report.keyViolations, unexpectedExits: report.unexpectedExits, lostSample: report.lostSample })
    .toEqual({ lost: 0, badSignatures: 0, bodyMismatches: 0, keyViolations: 0, unexpectedExits: 0, lostSample: [] });
  expect(report.ok).toBe(true);
}, 90_000);
