// `hookrelay send --wait`: after the server accepted a message, follows its deliveries until each
// endpoint it was routed to has an answer, so a script (a deploy check, a cron job) can branch on
// "delivered" instead of "accepted".
import type { Client } from "./client";
import { isoSeconds, listAll, table } from "./client";

/** Svix status texts of a delivery that is still going: a retry is due, or a request is out. */
const UNSETTLED = new Set(["pending", "sending"]);
const POLL_MS = 200;
/** Every endpoint the message went to, however many the server allows per application. */
export const ALL = Number.MAX_SAFE_INTEGER;

export interface WaitResult {
  /** Every routed endpoint answered 2xx (true also when no endpoint was subscribed). */
  delivered: boolean;
  /** Why not, in one line; empty when delivered. */
  reason: string;
  /** One row per endpoint: id, state, next attempt, URL. */
  report: string;
}

/**
 * Polls the message's attempted destinations until none is pending or sending, or `timeoutMs` has
 * passed. A failed delivery that will not be retried ends the wait at once: waiting longer cannot
 * change it.
 */
export async function waitForDelivery(client: Client, app: string, msgId: string, timeoutMs: number, sleep = (ms: number) => Bun.sleep(ms)): Promise<WaitResult> {
  const deadline = Date.now() + timeoutMs;
  const path = `/app/${encodeURIComponent(app)}/msg/${encodeURIComponent(msgId)}/endpoint`;
  for (;;) {
    const routed = await listAll(client, path, ALL);
    const states = routed.map((e) => String(e.statusText ?? e.status));
    const report = routed.length ? deliveryTable(routed) : "no endpoint is subscribed to this message";
    const failed = states.filter((s) => s === "fail").length;
    const open = states.filter((s) => UNSETTLED.has(s)).length;
    if (failed) return { delivered: false, reason: `${failed} of ${routed.length} deliveries failed and will not be retried`, report };
    if (!open) return { delivered: true, reason: "", report };
    if (Date.now() >= deadline) return { delivered: false, reason: `${open} of ${routed.length} deliveries not done after ${Math.round(timeoutMs / 100) / 10} s (still retrying on the server)`, report };
    await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
  }
}

export function deliveryTable(routed: any[]): string {
  return table([["ENDPOINT", "STATUS", "NEXT ATTEMPT", "URL"], ...routed.map((e) => [e.id, String(e.statusText ?? e.status), isoSeconds(e.nextAttempt) || "-", e.url])]);
}
