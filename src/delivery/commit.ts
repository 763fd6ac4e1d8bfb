// The group commit: writes a batch of finished attempts (attempt rows, delivery updates, endpoint
// health, 410 and auto-disable) inside the caller's transaction and returns the events that
// became true, for emission after the commit.
import { formatDuration } from "../config/parse-value";
import type { Store } from "../store/db";
import type { DeliveryQueue, DueRow } from "../store/deliveries";
import { insertAttempt, type AttemptRecord } from "../store/attempts";
import type { DeliveryEvent } from "./events";
import type { Outcome } from "./outcome";

export interface Finished {
  row: DueRow;
  endpoint: { id: string; appId: string | null; sourceId: string | null };
  leaseUntil: number;
  attempt: AttemptRecord;
  outcome: Outcome;
  /** Clock time the attempt ended: retry delays count from here. */
  finishedAt: number;
}

interface Health { endpoint: Finished["endpoint"]; lastSuccess: number | null; firstFailAfter: number | null }

export function commitFinished(store: Store, queue: DeliveryQueue, batch: Finished[], now: number, disableAfterMs: number): DeliveryEvent[] {
  const events: DeliveryEvent[] = [];
  const health = new Map<string, Health>();
  for (const f of batch) {
    const { row, outcome, attempt } = f;
    insertAttempt(store, attempt);
    const status = outcome.kind === "success" ? "success" : outcome.kind === "retry" ? "pending" : "failed";
    const owned = queue.complete({
      id: row.id, leaseUntil: f.leaseUntil, status, statusCode: attempt.responseStatus, attemptedAt: attempt.createdAt,
      nextAttemptAt: outcome.kind === "retry" ? f.finishedAt + outcome.delayMs : null,
    }, now);
    const base = { at: f.finishedAt, messageId: row.messageId, endpointId: f.endpoint.id, appId: f.endpoint.appId, attemptId: attempt.id };
    if (owned && outcome.kind === "success" && previousAttemptFailed(row)) events.push({ type: "message.attempt.recovered", ...base, lastStatus: attempt.responseStatus });
    if (owned && outcome.kind === "failed" && outcome.reason !== "manual") {
      events.push({ type: "message.attempt.exhausted", ...base, reason: outcome.reason, lastStatus: attempt.responseStatus });
    }
    if (outcome.kind === "failed" && outcome.disableEndpoint) disable(queue, f.endpoint, outcome.disableEndpoint, now, events);

    let h = health.get(f.endpoint.id);
    if (!h) { h = { endpoint: f.endpoint, lastSuccess: null, firstFailAfter: null }; health.set(f.endpoint.id, h); }
    if (attempt.success) { h.lastSuccess = f.finishedAt; h.firstFailAfter = null; }
    else if (h.firstFailAfter === null) h.firstFailAfter = f.finishedAt;
  }
  // One health write per endpoint per batch, not per attempt.
  for (const h of health.values()) {
    const ep = h.endpoint;
    const failing = (since: number): DeliveryEvent => ({ type: "endpoint.failing", at: since, endpointId: ep.id, appId: ep.appId, sourceId: ep.sourceId, since });
    if (h.lastSuccess !== null) {
      queue.endpointSucceeded(ep.id, h.lastSuccess, h.firstFailAfter);
      if (h.firstFailAfter !== null) events.push(failing(h.firstFailAfter));
      continue;
    }
    if (h.firstFailAfter === null) continue;
    if (queue.endpointFailing(ep.id, h.firstFailAfter)) events.push(failing(h.firstFailAfter));
    const state = queue.endpointHealth(ep.id);
    if (state && !state.disabled && state.failingSince !== null && now - state.failingSince >= disableAfterMs) {
      const since = new Date(state.failingSince).toISOString();
      disable(queue, ep, `every attempt failed since ${since} (no success for ${formatDuration(disableAfterMs)})`, now, events);
    }
  }
  return events;
}

/** The delivery had been attempted and its last attempt was not a 2xx. */
function previousAttemptFailed(row: DueRow): boolean {
  if (row.attemptCount === 0) return false;
  const s = row.lastStatusCode;
  return s === null || s < 200 || s >= 300;
}

function disable(queue: DeliveryQueue, ep: Finished["endpoint"], reason: string, now: number, events: DeliveryEvent[]): void {
  if (queue.disableEndpoint(ep.id, reason, now)) {
    // The message API's fan-out cache must stop sending new messages to it right away.
    if (ep.appId) queue.forgetFanout(ep.appId);
    events.push({ type: "endpoint.disabled", at: now, endpointId: ep.id, appId: ep.appId, sourceId: ep.sourceId, reason });
  }
}
