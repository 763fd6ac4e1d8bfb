/**
 * The delivery engine: claims due deliveries, sends them, and group-commits the results.
 *
 * One synchronous "cycle" does all database work in ONE short BEGIN IMMEDIATE transaction:
 * write the attempts that finished since the last cycle, then claim what is due now (up to the
 * free global capacity, admitted per endpoint by EndpointGate). Sends run after the commit;
 * no transaction ever spans an HTTP request. Cycles are triggered by the scheduler's wake
 * (new messages), its periodic tick (retries coming due), finished sends (at most one cycle
 * per `minCycleGapMs`, which is what batches the commits), and a timer for pushed-back rows.
 */
import type { AppContext } from "../app-context";
import { userAgent } from "../build-info";
import { newId } from "../lib/ids";
import { deliveryQueue, type DeliveryMessage, type DeliveryQueue } from "../store/deliveries";
import type { DeliveryHandOver, HandedMessage, Reservation } from "../store/hand-over";
import { groupWriterOf } from "../store/write-batcher";
import { Claimer, LEASE_GRACE_MS, type Claimed, type ClaimTrigger, type Target } from "./claimer";
import { commitFinished, type Finished } from "./commit";
import { DeliveryEvents, type DeliveryListener } from "./events";
import { createSender, failedSend, type Resolver, type SendRequest, type SendResult, type Transport } from "./net";
import { createThreadedSender } from "./net/sender-thread";
import { decideOutcome, EXPUNGED, isSuccess } from "./outcome";
import { buildRequest, parseHeaderPairs, type OutgoingMessage } from "./request-builder";
import { parseRetrySchedule, type RandomSource } from "./retry-policy";
import { SecretCache } from "./secret-cache";
import { fetchSlotsInForce } from "../lib/fetch-slots";

/** How often, at most, a full set of fetch slots makes the engine look for silent endpoints. */
const SHED_CHECK_MS = 250;


export interface EngineOptions {
  random?: RandomSource;
  send?: (req: SendRequest) => Promise<SendResult>;
  /** Minimum spacing of cycles triggered by finished sends (the group-commit window). */
  minCycleGapMs?: number;
}


export { LEASE_GRACE_MS };

/**
 * ctx.services key: a resolver and/or transport for the engine's sender (AppOptions.services).
 * Tests inject a loopback-only pair so that a guard bug fails a test instead of sending packets.
 */
export const SENDER_NET_SERVICE = "senderNet";
export interface SenderNet { resolver?: Resolver; transport?: Transport }

/** A new delivery this engine took in its creator's transaction (DeliveryHandOver). */
class Taken implements Reservation {
  deliveryId = 0;
  settled = false;
  constructor(readonly target: Target, readonly leaseUntil: number) {}
}

export class DeliveryEngine implements DeliveryHandOver {
  /** Jitter source; tests replace it to pin retry times. */
  random: RandomSource;
  readonly events: DeliveryEvents;
  private readonly queue: DeliveryQueue;
  private readonly send: (req: SendRequest) => Promise<SendResult>;
  private readonly minGap: number;
  private readonly secrets: SecretCache;
  private readonly claimer: Claimer;
  private finished: Finished[] = [];
  private inFlight = 0;
  /** Slots taken by hand-over whose transaction has not settled yet. */
  private reserved = 0;
  /** Endpoints as read for the current creating transaction (dropped at its end). */
  private reserveTargets: Map<string, Target | null> | null = null;
  /** Deliveries taken in their creator's transaction (for metrics and tests). */
  handedOver = 0;
  private cycleTimer: ReturnType<typeof setTimeout> | null = null;
  /** A cycle is queued (setImmediate/timer) for this trigger; null when none is. */
  private queuedTrigger: ClaimTrigger | null = null;
  private lastCycleAt = 0;
  private deferTimer: { handle: ReturnType<typeof setTimeout>; at: number } | null = null;
  private closing = false;
  private stopped = false;
  private waiters: (() => void)[] = [];
  private sends = new Set<Promise<void>>();
  private closeSender: () => void = () => {};
  /** Result batches riding in the message API's next group commit, not yet committed. */
  private joined = 0;
  /**
   * Requests Bun's fetch runs at once in this process (lib/fetch-slots.ts); past it, requests wait
   * in Bun's queue with their deadlines running. Tests set a small number to exercise `shedSilent`.
   */
  fetchSlots = fetchSlotsInForce();
  private shedCheckedAt = 0;
  /** Requests cut short by `shedSilent` (for metrics and tests). */
  shedRequests = 0;

  constructor(private ctx: AppContext, opts: EngineOptions = {}) {
    this.random = opts.random ?? Math.random;
    this.queue = deliveryQueue(ctx.store);
    this.claimer = new Claimer(this.queue, ctx.config, parseRetrySchedule(ctx.config.retrySchedule));
    this.minGap = opts.minCycleGapMs ?? 1;
    this.secrets = new SecretCache(ctx.secrets);
    this.events = new DeliveryEvents((error) => ctx.log.error("delivery event listener failed", { error }));
    const net = ctx.services[SENDER_NET_SERVICE] as SenderNet | undefined;
    const policy = { allowPrivate: ctx.config.allowPrivateDestinations, allowCidrs: ctx.config.allowDestination, httpsOnly: ctx.config.httpsOnlyDestinations };
    if (opts.send) this.send = opts.send;
    else if (ctx.config.senderThread && !net?.resolver && !net?.transport) {
      // An injected resolver or transport (tests) cannot cross to another thread: those stay here.
      const threaded = createThreadedSender(policy,
        (error) => ctx.log.error("the delivery sender thread failed; sending from the main thread from now on", { error }),
        () => ctx.log.debug("delivery sender thread started"));
      this.send = threaded.send;
      this.closeSender = () => threaded.close();
    } else {
      this.send = createSender({ policy, resolver: net?.resolver, transport: net?.transport });
    }
  }

  onEvent(listener: DeliveryListener): () => void { return this.events.on(listener); }

  /** Requests in flight right now (for health and metrics). */
  get activeRequests(): number { return this.inFlight; }

  /** Due rows held in memory until their endpoint has a free slot. */
  get waitingRows(): number { return this.claimer.waiting; }

  /**
   * Commits finished attempts and starts whatever is due. Synchronous; safe to call any time.
   * `trigger` "slots" (requests finished) skips the due scan unless one is unfinished.
   */
  cycle(trigger: ClaimTrigger = "scan"): void {
    if (this.stopped) return;
    if (this.cycleTimer) { clearTimeout(this.cycleTimer); this.cycleTimer = null; }
    if (this.queuedTrigger === "scan") trigger = "scan";
    this.queuedTrigger = null;
    this.lastCycleAt = performance.now();
    const now = this.ctx.clock.now();
    if (this.inFlight >= this.fetchSlots && now - this.shedCheckedAt >= SHED_CHECK_MS) this.shedSilent(now);
    const batch = this.finished;
    this.finished = [];
    let claimed: Claimed[] = [];
    let more = false;
    let events: ReturnType<typeof commitFinished> = [];
    // An idle tick reads two index entries and writes nothing (no transaction, no fsync).
    const idle = batch.length === 0 && (this.closing || !this.claimer.hasWork(now, trigger));
    if (idle) { this.notify(); return; }
    if (batch.length && this.joinGroupCommit(batch, now, trigger)) { this.notify(); return; }
    let loaded: (OutgoingMessage | null)[] = [];
    try {
      this.queue.transaction(() => {
        events = commitFinished(this.ctx.store, this.queue, batch, now, this.ctx.config.disableAfter);
        if (!this.closing) more = this.claimer.claim(now, this.ctx.config.maxConcurrency - this.inFlight - this.reserved, claimed, trigger);
        // Read inside the transaction: on its own, each read is a read transaction of its own, and
        // taking and dropping the WAL read lock cost about as much as the read (4–5 µs each).
        const messages = new Map<string, OutgoingMessage | null>();
        loaded = claimed.map((c) => this.loadMessage(c.row.messageId, messages));
      });
    } catch (error) {
      // Rolled back: keep the results for a later cycle and give the gates their slots back.
      for (const c of claimed) c.target.gate.finished(0);
      claimed = [];
      events = [];
      more = false;
      this.keepForLater(batch, "delivery cycle failed", error);
    }
    if (this.claimer.nextDeferred !== Infinity) this.armDeferTimer(this.claimer.nextDeferred);
    for (const e of events) this.events.emit(e);
    for (let i = 0; i < claimed.length; i++) this.launch(claimed[i], loaded[i]);
    if (more) this.queueCycle(0, "scan");
    this.notify();
  }

  /**
   * Every fetch slot is taken and more requests wait in Bun's queue (the engine cannot tell which of
   * its requests are running and which are queued). If endpoints that have stopped answering hold
   * more than a quarter of the slots, their requests are cut short, most first, until they hold no
   * more than that: without this, one endpoint that answered at its cap and then hung would hold
   * every slot until its requests timed out, and every other endpoint's requests would time out in
   * the queue behind them. The cut requests end as timeouts and are retried on their schedule.
   */
  private shedSilent(now: number): void {
    this.shedCheckedAt = now;
    const gates = this.claimer.silentGates(now);
    let held = 0;
    for (const g of gates) held += g.inFlight;
    const quota = Math.floor(this.fetchSlots / 4);
    for (const gate of gates) {
      if (held <= quota) break;
      held -= gate.inFlight;
      this.shedRequests += gate.inFlight;
      this.ctx.log.warn("endpoint not answering while deliveries wait for a connection slot: its requests were cut short", { endpointId: gate.endpointId, requests: gate.inFlight, fetch_slots: this.fetchSlots });
      gate.shed(`the endpoint had not answered for ${Math.round((now - gate.quietSince) / 1000)} s while other deliveries waited for one of the ${this.fetchSlots} connection slots`);
    }
  }

  /**
   * Results alone (nothing to claim) join the message API's group commit when one is due anyway
   * (queued, or waiting for its sync): one transaction instead of two. Every transaction writes
   * each page it touched to the WAL (the index leaves, the deliveries the API just wrote), so at
   * 1,000 deliveries/s a delivery cost about 15 WAL pages. Under a commit window (`--commit-window`)
   * they also wait for the next group commit when none is due, up to one window. The results become
   * visible a few milliseconds later; their slots were freed when the responses arrived, so nothing
   * waits for them.
   */
  private joinGroupCommit(batch: Finished[], now: number, trigger: ClaimTrigger): boolean {
    const group = this.closing ? null : groupWriterOf(this.ctx.store.sqlite);
    if (!group || (!group.busy && group.windowMs === 0) || this.claimer.hasWork(now, trigger)) return false;
    this.joined++;
    // Plain SQL and a returned list: safe to run again if the group is rolled back and retried.
    const write = () => commitFinished(this.ctx.store, this.queue, batch, now, this.ctx.config.disableAfter);
    const reset = () => {};
    const joined = group.busy ? group.run(write, { reset }) : group.ride(write, { reset, maxWaitMs: group.windowMs });
    joined.then(
      (events) => { for (const e of events) this.events.emit(e); },
      (error) => this.keepForLater(batch, "delivery results not committed; retrying", error),
    ).finally(() => { this.joined--; this.notify(); });
    return true;
  }

  /** Results whose transaction failed: committed again by a cycle 100 ms from now. */
  private keepForLater(batch: Finished[], what: string, error: unknown): void {
    this.finished = batch.concat(this.finished);
    this.ctx.log.error(what, { error });
    this.queueCycle(100, "scan");
  }

  /**
   * DeliveryHandOver: called inside the message API's transaction for each new delivery due now.
   * Takes it when the engine is running and has room, and the claimer admits it (nothing older
   * waits for the endpoint); the row is then written claimed with this lease.
   */
  reserve(endpointId: string): Reservation | null {
    if (this.closing || !this.ctx.scheduler.isRunning() || this.inFlight + this.reserved >= this.ctx.config.maxConcurrency) return null;
    const now = this.ctx.clock.now();
    if (!this.reserveTargets) {
      // A transaction runs in one synchronous stretch: the map lives exactly that long.
      this.reserveTargets = new Map();
      queueMicrotask(() => { this.reserveTargets = null; });
    }
    const target = this.claimer.admitNew(endpointId, now, this.reserveTargets);
    if (!target) return null;
    this.reserved++;
    return new Taken(target, now + target.timeoutMs + LEASE_GRACE_MS);
  }

  /** DeliveryHandOver: the creating transaction committed; send the taken rows with the payload in hand. */
  start(message: HandedMessage, taken: Reservation[]): void {
    const out: OutgoingMessage = { id: message.id, payload: message.payload, contentType: message.contentType ?? "application/json" };
    if (message.inbound) out.inbound = message.inbound;
    for (const r of taken as Taken[]) {
      if (r.settled) continue;
      r.settled = true;
      this.reserved--;
      // Stopped meanwhile: the row stays claimed and its lease brings it back after a restart.
      if (this.stopped) { r.target.gate.finished(0); continue; }
      this.handedOver++;
      const row = {
        id: r.deliveryId, messageId: message.id, endpointId: r.target.row.id, status: "sending" as const, attemptCount: 0, manual: 0,
        nextAttemptAt: r.leaseUntil, lastStatusCode: null, createdAt: message.createdAt,
      };
      this.launch({ row, target: r.target, leaseUntil: r.leaseUntil }, out);
    }
  }

  /** DeliveryHandOver: the creating transaction rolled back; its rows do not exist. */
  release(taken: Reservation[]): void {
    for (const r of taken as Taken[]) {
      if (r.settled) continue;
      r.settled = true;
      this.reserved--;
      r.target.gate.finished(0);
    }
    if (this.claimer.waiting > 0) this.queueCycle(0, "slots"); // a freed slot may serve a remembered row
  }

  /**
   * A message to send, with its capture's method and headers when it came in through an ingest URL.
   * Two point reads: the one-statement LEFT JOIN of both took 18 µs against 5 µs for the pair (its
   * plan is two index searches too; measured on a copy of the inbound benchmark's database).
   */
  private loadMessage(id: string, cache: Map<string, OutgoingMessage | null>): OutgoingMessage | null {
    if (cache.has(id)) return cache.get(id)!;
    const m: DeliveryMessage | null = this.queue.message(id);
    let out: OutgoingMessage | null = null;
    if (m?.payload) {
      out = { id: m.id, payload: m.payload, contentType: m.contentType };
      if (m.sourceId) {
        const req = this.queue.ingestRequest(m.id);
        out.inbound = { headers: parseHeaderPairs(req?.headers ?? null), method: req?.method ?? "POST" };
      }
    }
    cache.set(id, out);
    return out;
  }

  private launch(c: Claimed, message: OutgoingMessage | null): void {
    this.inFlight++;
    const p = this.attempt(c, message)
      .catch((error) => this.ctx.log.error("delivery attempt crashed", { error, endpointId: c.row.endpointId }))
      .finally(() => { this.sends.delete(p); });
    this.sends.add(p);
  }

  private async attempt(c: Claimed, message: OutgoingMessage | null): Promise<void> {
    const { row, target } = c;
    const startedAt = this.ctx.clock.now();
    let logged: Record<string, string> = {};
    let result: SendResult;
    if (!message) {
      result = failedSend(EXPUNGED, "the message payload is no longer stored (retention), so it cannot be sent");
    } else {
      try {
        const built = buildRequest({
          message, customHeaders: this.secrets.customHeaders(target.row.headers), userAgent: userAgent(),
          secrets: this.secrets.signingSecrets(target.row, startedAt), timestampSec: Math.floor(startedAt / 1000),
        });
        logged = built.logged;
        result = await this.send({
          url: target.row.url, method: built.method, headers: built.headers, body: built.body,
          timeoutMs: target.timeoutMs, maxResponseBytes: this.ctx.config.responseBodyLimit, cancel: target.gate.requests,
        });
      } catch (error) {
        this.ctx.log.error("could not prepare a delivery", { error, endpointId: target.row.id });
        result = failedSend("internal", "could not prepare the request: the endpoint's secret or headers could not be opened");
      }
    }
    this.inFlight--;
    const finishedAt = this.ctx.clock.now();
    target.gate.finished(result.durationMs, finishedAt, result.status !== null ? "answered" : result.errorClass === "timeout" ? "timeout" : "other");
    if (this.stopped) return; // abandoned at shutdown: the lease brings it back
    const attemptsMade = row.attemptCount + 1;
    const outcome = decideOutcome({ result, attemptsMade, manual: row.manual === 1, schedule: target.schedule, nowMs: finishedAt, random: this.random });
    const hasResponse = result.status !== null;
    this.finished.push({
      row, leaseUntil: c.leaseUntil, outcome, finishedAt,
      endpoint: { id: target.row.id, appId: target.row.appId, sourceId: target.row.sourceId },
      attempt: {
        id: newId("atmpt", startedAt), deliveryId: row.id, messageId: row.messageId, endpointId: row.endpointId,
        attemptNumber: attemptsMade, triggerType: row.manual === 1 ? 1 : 0, url: target.row.url,
        requestHeaders: JSON.stringify(logged), responseStatus: result.status,
        responseHeaders: hasResponse ? JSON.stringify(result.headers) : null, responseBody: hasResponse ? result.body : null,
        durationMs: result.durationMs, errorClass: result.errorClass, error: result.error, success: isSuccess(result), createdAt: startedAt,
      },
    });
    this.queueCycle(this.finished.length >= 256 ? 0 : this.lastCycleAt + this.minGap - performance.now(), "slots");
  }

  private queueCycle(delayMs: number, trigger: ClaimTrigger): void {
    if (this.stopped) return;
    if (this.queuedTrigger !== null) {
      if (trigger === "scan") this.queuedTrigger = "scan";
      return;
    }
    this.queuedTrigger = trigger;
    if (delayMs <= 0) setImmediate(() => this.cycle("slots"));
    else this.cycleTimer = setTimeout(() => this.cycle("slots"), delayMs);
  }

  /** Wakes the engine when the earliest pushed-back row is due (throttled endpoints need this). */
  private armDeferTimer(at: number): void {
    if (this.closing || (this.deferTimer && this.deferTimer.at <= at)) return;
    if (this.deferTimer) clearTimeout(this.deferTimer.handle);
    const handle = setTimeout(() => { this.deferTimer = null; this.cycle(); }, Math.max(0, at - this.ctx.clock.now()));
    this.deferTimer = { handle, at };
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }

  private changed(): Promise<void> { return new Promise((r) => this.waiters.push(r)); }

  /**
   * Resolves after the engine's next cycle (or idle check). Lets a caller wait for progress without a
   * clock, e.g. until one endpoint's results are committed while another's requests are still open.
   */
  nextCycle(): Promise<void> { return this.changed(); }

  /** Resolves once nothing is in flight and every finished attempt is committed (tests await this). */
  async idle(): Promise<void> {
    while (this.inFlight > 0 || this.finished.length > 0 || this.queuedTrigger !== null || this.joined > 0) await this.changed();
  }

  /**
   * Stops claiming, waits up to graceMs for requests in flight, commits what finished. Requests
   * still running are abandoned: their rows stay 'sending' and come back when the lease expires.
   */
  async stop(graceMs: number): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.deferTimer) clearTimeout(this.deferTimer.handle);
    this.deferTimer = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<void>((r) => { timer = setTimeout(r, graceMs); });
    await Promise.race([Promise.all([...this.sends]), deadline]);
    clearTimeout(timer);
    this.cycle();
    this.stopped = true;
    this.closeSender();
    if (this.cycleTimer) clearTimeout(this.cycleTimer);
    this.notify();
  }
}

