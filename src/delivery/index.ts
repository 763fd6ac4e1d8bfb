/**
 * @module delivery — the outbound delivery engine: owns everything after a message and its
 * `deliveries` rows are committed (claiming, signing, sending, the attempt log, retries,
 * throttling, endpoint health). Registers the "deliveries" scheduler job; the message API
 * only inserts rows and calls ctx.scheduler.wake("deliveries"). See docs/delivery.md.
 */
import { registerFeature } from "../app";
import type { AppContext } from "../app-context";
import { DeliveryEngine } from "./engine";
import type { DeliveryListener } from "./events";

export const DELIVERY_JOB = "deliveries";
/** Retries coming due are picked up within this long; new messages go out via wake at once. */
export const DELIVERY_TICK_MS = 250;

registerFeature((ctx) => {
  const engine = new DeliveryEngine(ctx);
  ctx.services.delivery = engine;
  ctx.scheduler.register({ name: DELIVERY_JOB, everyMs: DELIVERY_TICK_MS, run: () => engine.cycle() });
  ctx.onStop.push(() => engine.stop(ctx.config.shutdownGrace));
});

/** The running engine of an app. */
export function deliveryEngine(ctx: AppContext): DeliveryEngine {
  const e = ctx.services.delivery;
  if (!(e instanceof DeliveryEngine)) throw new Error("the delivery feature is not registered (import src/features.ts)");
  return e;
}

/** Subscribes to endpoint.disabled / endpoint.failing / message.attempt.exhausted / .recovered; returns unsubscribe. */
export function onDeliveryEvent(ctx: AppContext, listener: DeliveryListener): () => void {
  return deliveryEngine(ctx).onEvent(listener);
}

export { DeliveryEngine, LEASE_GRACE_MS, SENDER_NET_SERVICE, type SenderNet } from "./engine";
export type { DeliveryEvent, DeliveryListener } from "./events";
export { deliveryStatusToSvix, attemptStatusToSvix, triggerTypeToSvix, SvixMessageStatus } from "./status";
export { nextRetryDelay, parseRetrySchedule, endpointSchedule, withJitter, parseRetryAfter, boundRetryAfter, RETRY_AFTER_MAX_MS } from "./retry-policy";
export { REDACTED, redactHeaders } from "./request-builder";
export type { DeliveryStatus } from "../store/deliveries";
export type { AttemptRecord } from "../store/attempts";
