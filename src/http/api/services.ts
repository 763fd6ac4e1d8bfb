// The outbound stores the API routes share, built once per app context.
import type { AppContext } from "../../app-context";
import { ApplicationStore } from "../../store/applications";
import { EventTypeStore } from "../../store/event-types";
import { EndpointStore } from "../../store/endpoints";
import { MessageStore, settleCommitted, type DeliveryHandOver } from "../../store/messages";
import { IdempotencyStore } from "../../store/idempotency";
import { BackgroundTaskStore } from "../../store/background-tasks";
import { AttemptLog } from "../../store/attempt-log";
import { Redelivery } from "../../store/redelivery";
import { setGroupWriter, WriteBatcher } from "../../store/write-batcher";
import { endpointCacheFor, type EndpointCache } from "../../store/endpoint-cache";
import { InFlightKeys } from "./idempotency";
import { PollingEndpointStore } from "../../store/polling-endpoints";
import { MessageFeed } from "../../store/message-feed";
import { IntegrationStore } from "../../store/integrations";

export interface OutboundServices {
  apps: ApplicationStore;
  eventTypes: EventTypeStore;
  endpoints: EndpointStore;
  endpointCache: EndpointCache;
  messages: MessageStore;
  idempotency: IdempotencyStore;
  inFlight: InFlightKeys;
  tasks: BackgroundTaskStore;
  attempts: AttemptLog;
  redelivery: Redelivery;
  writer: WriteBatcher;
  pollers: PollingEndpointStore;
  feed: MessageFeed;
  integrations: IntegrationStore;
}

/** The scheduler job the delivery engine registers; woken after every commit that queued work. */
export const DELIVERY_JOB = "deliveries";

const built = new WeakMap<AppContext, OutboundServices>();

export function outboundServices(ctx: AppContext): OutboundServices {
  let s = built.get(ctx);
  if (s) return s;
  const { store } = ctx;
  // Writes through this batcher are messages.create and the delivery engine's results (which join a
  // group commit that is due anyway, see engine.ts). After COMMIT, the deliveries the engine took
  // in the transaction start at once; the engine's scan is woken only for rows left pending.
  const afterCommit = (results: unknown[]) => { if (settleCommitted(results)) ctx.scheduler.wake(DELIVERY_JOB); };
  const writer = new WriteBatcher(store.sqlite, { onCommit: afterCommit, commitWindowMs: ctx.config.commitWindow });
  setGroupWriter(store.sqlite, writer);
  s = {
    apps: new ApplicationStore(store),
    eventTypes: new EventTypeStore(store),
    endpoints: new EndpointStore(store, ctx.secrets),
    endpointCache: endpointCacheFor(store),
    messages: new MessageStore(store, writer, () => (ctx.services.delivery as DeliveryHandOver | undefined) ?? null),
    idempotency: new IdempotencyStore(store, ctx.config.idempotencyTtl),
    inFlight: new InFlightKeys(),
    tasks: new BackgroundTaskStore(store),
    attempts: new AttemptLog(store),
    redelivery: new Redelivery(store),
    writer,
    pollers: new PollingEndpointStore(store),
    feed: new MessageFeed(store),
    integrations: new IntegrationStore(store),
  };
  built.set(ctx, s);
  ctx.services.outbound = s;
  return s;
}
