// What one attempt's result means for its delivery and endpoint: success, a scheduled retry, or
// a final failure (possibly disabling the endpoint). Pure, so every rule is unit-testable.
import type { SendResult } from "./net";
import { boundRetryAfter, nextRetryDelay, parseRetryAfter, type RandomSource } from "./retry-policy";

export type FailReason = "exhausted" | "manual" | "blocked" | "gone" | "expunged";

export type Outcome =
  | { kind: "success" }
  | { kind: "retry"; delayMs: number }
  | { kind: "failed"; reason: FailReason; disableEndpoint?: string };

export interface OutcomeInput {
  result: SendResult;
  /** Attempts made including this one. */
  attemptsMade: number;
  /** A person asked for this attempt (resend/recover): it is tried once and never rescheduled. */
  manual: boolean;
  schedule: number[];
  nowMs: number;
  random: RandomSource;
}

/** Failures no retry can fix: the destination is refused or malformed. */
const REFUSED = new Set<string>(["blocked", "invalid_url"]);
/** Set by the engine (not the sender) when retention removed the payload before it was sent. */
export const EXPUNGED = "expunged";

export const isSuccess = (r: SendResult) => r.errorClass === null && r.status !== null && r.status >= 200 && r.status < 300;

export function decideOutcome(i: OutcomeInput): Outcome {
  const r = i.result;
  if (isSuccess(r)) return { kind: "success" };
  const errorClass: string | null = r.errorClass;
  if (errorClass && REFUSED.has(errorClass)) return { kind: "failed", reason: "blocked" };
  if (errorClass === EXPUNGED) return { kind: "failed", reason: "expunged" };
  if (r.errorClass === null && r.status === 410) {
    return { kind: "failed", reason: "gone", disableEndpoint: "the endpoint answered 410 Gone" };
  }
  if (i.manual) return { kind: "failed", reason: "manual" };
  // Everything else (3xx, 4xx, 5xx, timeouts, network errors) is retried on the schedule.
  const scheduled = nextRetryDelay(i.schedule, i.attemptsMade, i.random);
  if (scheduled === null) return { kind: "failed", reason: "exhausted" };
  if (r.errorClass === null && (r.status === 429 || r.status === 503)) {
    return { kind: "retry", delayMs: boundRetryAfter(scheduled, parseRetryAfter(r.headers["retry-after"], i.nowMs)) };
  }
  return { kind: "retry", delayMs: scheduled };
}
