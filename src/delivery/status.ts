// How our delivery states read in the Svix API (MessageStatus: 0 Success, 1 Pending, 2 Fail, 3 Sending).
import type { DeliveryStatus } from "../store/deliveries";

export const SvixMessageStatus = { Success: 0, Pending: 1, Fail: 2, Sending: 3 } as const;
export type SvixMessageStatus = (typeof SvixMessageStatus)[keyof typeof SvixMessageStatus];

/**
 * A delivery's status as a Svix MessageStatus number: success → 0, pending (waiting for its first
 * attempt or a retry) → 1, failed (schedule exhausted, blocked, 410, or a failed manual resend) → 2,
 * sending (claimed, request in flight or its lease not yet expired) → 3.
 */
export function deliveryStatusToSvix(status: DeliveryStatus): SvixMessageStatus {
  switch (status) {
    case "success": return SvixMessageStatus.Success;
    case "pending": return SvixMessageStatus.Pending;
    case "failed": return SvixMessageStatus.Fail;
    case "sending": return SvixMessageStatus.Sending;
  }
}

/** An attempt's status: attempts are only written once finished, so Success (0) or Fail (2). */
export function attemptStatusToSvix(success: boolean): SvixMessageStatus {
  return success ? SvixMessageStatus.Success : SvixMessageStatus.Fail;
}

/** Svix MessageAttemptTriggerType: 0 Scheduled, 1 Manual — the same numbers as attempts.trigger_type. */
export const triggerTypeToSvix = (t: number): 0 | 1 => (t === 1 ? 1 : 0);
