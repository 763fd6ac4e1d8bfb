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
import { deliveryQueue, type DeliveryEndpoint, type DeliveryMessage, type DeliveryQueue, type DueRow } from "../store/deliveries";
import { commitFinished, type Finished } from "./commit";
import { EndpointGate } from "./endpoint-gate";
import { DeliveryEvents, type DeliveryListener } from "./events";
import { createSender, type SendRequest, type SendResult } from "./net";
import { decideOutcome, EXPUNGED, isSuccess } from "./outcome";
import { buildRequest, parseCustomHeaders, parseHeaderPairs, type OutgoingMessage } from "./request-builder";
import { endpointSchedule, parseRetrySchedule, type RandomSource } from "./retry-policy";
import { SecretCache } from "./secret-cache";

/** The lease outlives the HTTP timeout by this much, so a slow success is not sent twice. */
export const LEASE_GRACE_MS = 10_000;
/** Rows read per claim query at most; more work continues in the next cycle. */
const MAX_WINDOW = 512;

export interface EngineOptions {
  random?: RandomSource;
  send?: (req: SendRequest) => Promise<SendResult>;
  /** Minimum spacing of cycles triggered by finished sends (the group-commit window). */
  minCycleGapMs?: number;
}

interface Target { row: DeliveryEndpoint; gate: EndpointGate; schedule: number[]; timeoutMs: number }
interface Claimed { row: DueRow; target: Target; leaseUntil: number }

export class DeliveryEngine {
  /** Jitter source; tests replace it to pin retry times. */
  random: RandomSource;
  readonly events: DeliveryEvents;
  private readonly queue: DeliveryQueue;
  private readonly send: (req: SendRequest) => Promise<SendResult>;
  private readonly schedule: number[];
  private readonly minGap: number;
  private readonly secrets: SecretCache;
  private gates = new Map<string, EndpointGate>();
  private finished: Finished[] = [];
  private inFlight = 0;
  private cycleTimer: ReturnType<typeof setTimeout> | null = null;
  private cycleQueued = false;
  private lastCycleAt = 0;
  private deferTimer: { handle: ReturnType<typeof setTimeout>; at: number } | null = null;
  private closing = false;
  private stopped = false;
  private waiters: (() => void)[] = [];
  private sends = new Set<Promise<void>>();

  constructor(private ctx: AppContext, opts: EngineOptions = {}) {
    this.random = opts.random ?? Math.random;
    this.queue = deliveryQueue(ctx.store);
    this.schedule = parseRetrySchedule(ctx.config.retrySchedule);
    this.minGap = opts.minCycleGapMs ?? 1;
    this.secrets = new SecretCache(ctx.secrets);
    this.events = new DeliveryEvents((error) => ctx.log.error("delivery event listener failed", { error }));
    this.send = opts.send ?? createSender({
      policy: { allowPrivate: ctx.config.allowPrivateDestinations, allowCidrs: ctx.config.allowDestination, httpsOnly: ctx.config.httpsOnlyDestinations },
    });
  }

  onEvent(listener: DeliveryListener): () => void { return this.events.on(listener); }

  /** Requests in flight right now (for health and metrics). */
  get activeRequests(): number { return this.inFlight; }

  /** Commits finished attempts and starts whatever is due. Synchronous; safe to call any time. */
  cycle(): void {
    if (this.stopped) return;
    if (this.cycleTimer) { clearTimeout(this.cycleTimer); this.cycleTimer = null; }
    this.cycleQueued = false;
    this.lastCycleAt = performance.now();
    const now = this.ctx.clock.now();
    const batch = this.finished;
    this.finished = [];
    let claimed: Claimed[] = [];
    let more = false;
    let events: ReturnType<typeof commitFinished> = [];
    try {
      this.queue.transaction(() => {
        events = commitFinished(this.ctx.store, this.queue, batch, now, this.ctx.config.disableAfter);
        if (!this.closing) more = this.claim(now, claimed);
      });
    } catch (error) {
      // Rolled back: keep the results for the next cycle and give the gates their slots back.
      this.finished = batch.concat(this.finished);
      for (const c of claimed) c.target.gate.finished(0);
      claimed = [];
      events = [];
      more = false;
      this.ctx.log.error("delivery cycle failed", { error });
      this.queueCycle(100);
    }
    for (const e of events) this.events.emit(e);
    const messages = new Map<string, OutgoingMessage | null>();
    for (const c of claimed) this.start(c, this.loadMessage(c.row.messageId, messages));
    if (more) this.queueCycle(0);
    this.notify();
  }

  /** Claims into `claimed`; true when more due rows may be waiting (a full window was read). */
  private claim(now: number, claimed: Claimed[]): boolean {
    let capacity = this.ctx.config.maxConcurrency - this.inFlight;
    if (capacity <= 0) return false;
    const window = Math.min(MAX_WINDOW, capacity * 2 + 16);
    const rows = this.queue.due(now, window);
    const targets = new Map<string, Target | null>();
    let nextDeferred = Infinity;
    let i = 0;
    for (; i < rows.length && capacity > 0; i++) {
      const row = rows[i];
      const target = this.target(row.endpointId, now, targets);
      if (!target) continue; // endpoint deleted: the row goes with it (cascade)
      if (target.row.disabled) { this.queue.failUnsent(row.id, now); continue; }
      const initialAt = row.createdAt + target.schedule[0];
      if (row.attemptCount === 0 && !row.manual && row.nextAttemptAt < initialAt && initialAt > now) {
        this.queue.defer(row.id, initialAt, now);
        nextDeferred = Math.min(nextDeferred, initialAt);
        continue;
      }
      if (target.gate.tryAdmit(now)) {
        const leaseUntil = now + target.timeoutMs + LEASE_GRACE_MS;
        if (this.queue.claim(row, leaseUntil, now)) { claimed.push({ row, target, leaseUntil }); capacity--; }
        else target.gate.finished(0);
      } else {
        // Capped or throttled: give the row a later slot instead of holding it.
        const at = target.gate.deferUntil(now);
        this.queue.defer(row.id, at, now);
        nextDeferred = Math.min(nextDeferred, at);
      }
    }
    if (nextDeferred !== Infinity) this.armDeferTimer(nextDeferred);
    return rows.length === window && capacity > 0;
  }

  private target(endpointId: string, now: number, seen: Map<string, Target | null>): Target | null {
    if (seen.has(endpointId)) return seen.get(endpointId)!;
    const row = this.queue.endpoint(endpointId) ?? null;
    let t: Target | null = null;
    if (row) {
      let gate = this.gates.get(endpointId);
      if (!gate) { gate = new EndpointGate(now); this.gates.set(endpointId, gate); }
      gate.configure(row.throttleRate, row.maxInFlight ?? this.ctx.config.endpointMaxInFlight);
      t = { row, gate, schedule: endpointSchedule(row.retrySchedule) ?? this.schedule, timeoutMs: row.timeoutMs ?? this.ctx.config.requestTimeout };
    }
    seen.set(endpointId, t);
    return t;
  }

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

  private start(c: Claimed, message: OutgoingMessage | null): void {
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
      result = localFailure(EXPUNGED, "the message payload is no longer stored (retention), so it cannot be sent");
    } else {
      try {
        const built = buildRequest({
          message, customHeaders: parseCustomHeaders(target.row.headers), userAgent: userAgent(),
          secrets: this.secrets.signingSecrets(target.row, startedAt), timestampSec: Math.floor(startedAt / 1000),
        });
        logged = built.logged;
        result = await this.send({
          url: target.row.url, method: built.method, headers: built.headers, body: built.body,
          timeoutMs: target.timeoutMs, maxResponseBytes: this.ctx.config.responseBodyLimit,
        });
      } catch (error) {
        this.ctx.log.error("could not prepare a delivery", { error, endpointId: target.row.id });
        result = localFailure("internal", "could not sign the request: the endpoint secret could not be opened");
      }
    }
    this.inFlight--;
    target.gate.finished(result.durationMs);
    if (this.stopped) return; // abandoned at shutdown: the lease brings it back
    const finishedAt = this.ctx.clock.now();
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
    this.queueCycle(this.finished.length >= 256 ? 0 : this.lastCycleAt + this.minGap - performance.now());
  }

  private queueCycle(delayMs: number): void {
    if (this.stopped || this.cycleQueued) return;
    this.cycleQueued = true;
    if (delayMs <= 0) setImmediate(() => this.cycle());
    else this.cycleTimer = setTimeout(() => this.cycle(), delayMs);
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

  /** Resolves once nothing is in flight and every finished attempt is committed (tests await this). */
  async idle(): Promise<void> {
    while (this.inFlight > 0 || this.finished.length > 0 || this.cycleQueued) await this.changed();
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
    if (this.cycleTimer) clearTimeout(this.cycleTimer);
    this.notify();
  }
}

function localFailure(errorClass: string, error: string): SendResult {
  return { status: null, headers: {}, body: "", bodyTruncated: false, durationMs: 0, errorClass: errorClass as SendResult["errorClass"], error, remoteAddress: null };
}
