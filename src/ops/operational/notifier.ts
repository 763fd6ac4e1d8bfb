// Turns delivery-engine events and ingest rejection bursts into operational events: each one is
// stored as an alert (for the UI) and, when the operational app has endpoints, sent as a message of
// that app — signed, retried and logged by the same engine as every other delivery.
import type { AppContext } from "../../app-context";
import { outboundServices } from "../../http/api/services";
import { recordAlert, lastSourceAlertAt, type AlertInput } from "../../store/alerts";
import { createOpsStats } from "../../store/ops-stats";
import type { HookrelayMetrics } from "../metrics/hookrelay-metrics";
import { ensureOperationalApp, operationalAppId } from "./operational-app";
import type { OperationalEventType } from "./operational-types";
import { newId } from "../../lib/ids";

export { OPERATIONAL_EVENT_TYPES, type OperationalEventType } from "./operational-types";

/** source.rejecting: this many rejected requests within the window raise one alert per cooldown. */
export const REJECT_BURST = { threshold: 10, windowMs: 5 * 60_000, cooldownMs: 30 * 60_000, checkEveryMs: 30_000 };
export const SOURCE_REJECTING_JOB = "source-rejecting";

/** The engine's events (src/delivery/events.ts), structurally: ops does not import the engine. */
export interface EngineEvent {
  type: string; at: number; endpointId?: string; appId?: string | null; sourceId?: string | null; messageId?: string;
  attemptId?: string; reason?: string; lastStatus?: number | null; since?: number;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

export function createNotifier(ctx: AppContext) {
  const svc = outboundServices(ctx);
  ensureOperationalApp(ctx);
  const metrics = () => ctx.services.metrics as HookrelayMetrics | undefined;

  function raise(type: OperationalEventType, alert: Omit<AlertInput, "type">, now: number, send = true): void {
    recordAlert(ctx.store, { type, ...alert }, now);
    metrics()?.countOperationalEvent(type);
    const opAppId = send ? operationalAppId(ctx) : null;
    if (!opAppId) return;
    const payload = JSON.stringify({ type, timestamp: iso(now), data: alert.data });
    svc.messages.create(newId("msg", now), { appId: opAppId, eventType: type, eventId: null, channels: null, tags: null, payload, deliverAt: null, payloadExpiresAt: null }, now)
      .catch((error: unknown) => ctx.log.error("could not queue an operational webhook", { type, error }));
  }

  /** Svix's operational-webhook `data` for an endpoint: ids and uids, never URLs or secrets. */
  function endpointData(e: EngineEvent): Record<string, unknown> {
    const app = e.appId ? svc.apps.get(e.appId) : null;
    const ep = e.appId && e.endpointId ? svc.endpoints.get(e.appId, e.endpointId) : null;
    return e.appId
      ? { appId: e.appId, appUid: app?.uid ?? null, endpointId: e.endpointId, endpointUid: ep?.uid ?? null }
      : { sourceId: e.sourceId ?? null, endpointId: e.endpointId };
  }

  function onEngineEvent(e: EngineEvent): void {
    // Events about the operational app's own endpoints are stored, never sent: a dead operator
    // endpoint would otherwise feed itself an endless stream of "exhausted" messages.
    const opAppId = operationalAppId(ctx);
    const send = !(opAppId && e.appId === opAppId);
    const where = e.appId ? `application ${e.appId}` : `source ${e.sourceId}`;
    const base = { appId: e.appId ?? null, endpointId: e.endpointId ?? null, sourceId: e.sourceId ?? null, messageId: e.messageId ?? null };
    switch (e.type) {
      case "endpoint.disabled":
        raise("endpoint.disabled", { ...base, summary: `Endpoint ${e.endpointId} of ${where} was disabled: ${e.reason}`, data: { ...endpointData(e), trigger: "automatic", reason: e.reason ?? null } }, e.at, send);
        break;
      case "endpoint.failing":
        raise("endpoint.failing", { ...base, summary: `Endpoint ${e.endpointId} of ${where} started failing`, data: { ...endpointData(e), failSince: iso(e.since) } }, e.at, send);
        break;
      case "message.attempt.exhausted":
      case "message.attempt.recovered": {
        const msg = e.appId && e.messageId ? svc.messages.get(e.appId, e.messageId) : null;
        const data = {
          ...endpointData(e), msgId: e.messageId, msgEventId: msg?.eventId ?? null,
          lastAttempt: { id: e.attemptId, responseStatusCode: e.lastStatus ?? (e.type === "message.attempt.recovered" ? 200 : null), timestamp: iso(e.at) },
          ...(e.type === "message.attempt.exhausted" ? { reason: e.reason ?? "exhausted" } : {}),
        };
        const summary = e.type === "message.attempt.exhausted"
          ? `Message ${e.messageId} to endpoint ${e.endpointId} gave up (${e.reason ?? "exhausted"})`
          : `Message ${e.messageId} to endpoint ${e.endpointId} was delivered after failing`;
        raise(e.type, { ...base, summary, data }, e.at, send);
        break;
      }
    }
  }

  const stats = createOpsStats(ctx.store);
  /** A scheduler job: one source.rejecting per source per cooldown while it keeps rejecting. */
  function checkRejecting(now: number): void {
    for (const s of stats.rejectingSources(now - REJECT_BURST.windowMs, REJECT_BURST.threshold)) {
      const last = lastSourceAlertAt(ctx.store, "source.rejecting", s.sourceId);
      if (last !== null && now - last < REJECT_BURST.cooldownMs) continue;
      raise("source.rejecting", {
        sourceId: s.sourceId,
        summary: `Source ${s.name ?? s.sourceId} rejected ${s.n} requests in the last ${REJECT_BURST.windowMs / 60_000} minutes (failed verification or policy)`,
        data: { sourceId: s.sourceId, sourceUid: s.uid, rejected: s.n, windowSeconds: REJECT_BURST.windowMs / 1000, lastRejectedAt: iso(s.last) },
      }, now);
    }
  }

  return { onEngineEvent, checkRejecting, raise };
}

export type Notifier = ReturnType<typeof createNotifier>;
