// Per-endpoint admission: the in-flight cap, the throttle (a token bucket on the injected clock),
// the application's throttle shared by its endpoints (AppBucket) and, for rows that cannot go now, the time they should come back. Rows pushed back get
// successive slots after a "horizon", so a backlog is spread over the endpoint's capacity and
// written once, instead of being re-read and re-deferred on every cycle. Rows pushed back only
// for the in-flight cap are also remembered (`waiting`), so a freed slot takes the next one at
// once instead of waiting for the estimated slot to come round.
import type { DueRow } from "../store/deliveries";
import { CancelGroup } from "./net/cancel-group";

/** A deferred row comes back no sooner than this: avoids rewriting rows for sub-ms gaps. */
const MIN_DEFER_MS = 5;
/** ...and no later than this: a wrong estimate costs at most one more deferral a minute. */
const MAX_DEFER_MS = 60_000;
/** Starting guess of an endpoint's request time, before any request finished. */
const INITIAL_LATENCY_MS = 50;
/**
 * Requests an endpoint may have out before it has answered, like TCP's slow start: the allowance
 * starts at PROBE_SLOTS and each HTTP answer (any status, however slow) raises it by one, up to the
 * endpoint's cap; a timeout, or requests out with no answer for SILENCE_MS (or twice the
 * endpoint's usual request time, if longer), puts it back to PROBE_SLOTS. An endpoint that answers
 * nothing (down, hanging, packets dropped) therefore holds at most 8 requests, not its whole cap,
 * while a slow but answering one still reaches its cap. Why it
 * matters: Bun's fetch runs at most 256 requests at once per process and queues the rest, deadline
 * running, so four hanging endpoints at a cap of 64 used to stall every other endpoint until their
 * requests timed out (test/security/bad-receivers.test.ts).
 */
export const PROBE_SLOTS = 8;
const SILENCE_MS = 2_000;
/** How a request ended, for the probe allowance. */
export type Ended = "answered" | "timeout" | "other";

export type Admission = "ok" | "cap" | "rate";

/**
 * An application's throttle (its `rateLimit`, deliveries per second across all its endpoints):
 * one token bucket shared by the gates of the app's endpoints, on the injected clock.
 */
export class AppBucket {
  private rate: number | null = null;
  private tokens = 1;
  private horizon = 0;

  constructor(private refilledAt: number) {}

  configure(rate: number | null): void {
    const r = rate && rate > 0 ? rate : null;
    if (r !== this.rate) this.tokens = Math.min(this.tokens, burstOf(r));
    this.rate = r;
  }

  private refill(now: number): void {
    if (this.rate === null) return;
    const gained = ((now - this.refilledAt) * this.rate) / 1000;
    if (gained > 0) this.tokens = Math.min(burstOf(this.rate), this.tokens + gained);
    this.refilledAt = Math.max(this.refilledAt, now);
  }

  /** Whether one more send may go now (takes nothing). */
  ready(now: number): boolean {
    this.refill(now);
    return this.rate === null || this.tokens >= 1;
  }

  take(): void { if (this.rate !== null) this.tokens -= 1; }

  /** The next free slot of the app for a refused row; successive calls hand out successive slots. */
  nextSlot(now: number): number {
    if (this.rate === null) return now;
    this.refill(now);
    const at = Math.max(this.horizon, now + ((1 - Math.min(1, this.tokens)) * 1000) / this.rate);
    this.horizon = at + 1000 / this.rate;
    return at;
  }

  isIdle(now: number): boolean {
    this.refill(now);
    return this.horizon <= now && (this.rate === null || this.tokens >= burstOf(this.rate));
  }
}

/** Up to a tenth of a second of sends at once, at least one. */
const burstOf = (rate: number | null): number => (rate === null ? Infinity : Math.max(1, Math.floor(rate / 10)));

export class EndpointGate {
  inFlight = 0;
  /** Pushed-back rows in due order, as they are now in the database (status pending, new due time). */
  readonly waiting = new RowQueue();
  /**
   * Ids of rows pushed back to a later slot only because the endpoint was at its cap and `waiting`
   * was full. The slot is an estimate (latency / cap) made while the endpoint was busy or down: when
   * a slot frees and nothing is remembered, these are taken early instead of leaving it idle.
   * Ids only, 8 bytes each, where a remembered row costs about 800.
   */
  readonly deferred = new IdQueue();
  private cap = 1;
  private rate: number | null = null;
  private tokens = 1;
  private refilledAt: number;
  private horizon = 0;
  private latencyMs = INITIAL_LATENCY_MS;
  /** The probe allowance (PROBE_SLOTS). */
  private window = PROBE_SLOTS;
  /** Clock time of the last answer, or of the moment requests went out after a quiet spell. */
  private heardAt = 0;
  /** The application's shared throttle, when it has a rateLimit. */
  private app: AppBucket | null = null;

  constructor(readonly endpointId: string, now: number) {
    this.refilledAt = now;
  }

  /** Applied on every cycle from the endpoint row, so API edits take effect at once. */
  configure(rate: number | null, cap: number, app: AppBucket | null = null): void {
    const r = rate && rate > 0 ? rate : null;
    if (r !== this.rate) this.tokens = Math.min(this.tokens, this.burst(r));
    this.rate = r;
    this.cap = Math.max(1, cap);
    this.app = app;
  }

  private burst(rate: number | null): number {
    return burstOf(rate);
  }

  private refill(now: number): void {
    if (this.rate === null) return;
    const gained = ((now - this.refilledAt) * this.rate) / 1000;
    if (gained > 0) this.tokens = Math.min(this.burst(this.rate), this.tokens + gained);
    this.refilledAt = Math.max(this.refilledAt, now);
  }

  /** Clock time of the last answer, or of the first request out after a quiet spell. */
  get quietSince(): number { return this.heardAt; }

  /** Requests are out and none has been answered for SILENCE_MS (or twice the usual request time). */
  isSilent(now: number): boolean {
    return this.inFlight > 0 && now - this.heardAt > Math.max(SILENCE_MS, 2 * this.latencyMs);
  }

  /** The cap in force now: the configured one, or the probe allowance while the endpoint has not been answering. */
  allowance(now: number): number {
    if (this.window > PROBE_SLOTS && this.isSilent(now)) this.window = PROBE_SLOTS;
    return Math.min(this.cap, this.window);
  }

  /** The requests out to this endpoint, for `shed` (each request sent joins it: DeliveryEngine). */
  readonly requests = new CancelGroup();

  /**
   * Cancels every request out to this endpoint (each ends as a timeout with `reason`, and is retried
   * on its schedule) and puts the endpoint back to the probe allowance. The engine does this to a
   * silent endpoint when it holds fetch slots that other deliveries are queued for.
   */
  shed(reason: string): void {
    this.requests.cancel(reason);
    this.window = PROBE_SLOTS;
  }

  /** A slot is free under the cap in force (cheap check before loading the endpoint). */
  hasFreeSlot(now: number): boolean { return this.inFlight < this.allowance(now); }

  /** Takes a slot (and a token) when the endpoint may receive one more request now; else says what is missing. */
  admit(now: number): Admission {
    if (this.inFlight >= this.allowance(now)) return "cap";
    this.refill(now);
    if (this.rate !== null && this.tokens < 1) return "rate";
    if (this.app && !this.app.ready(now)) return "rate";
    if (this.rate !== null) this.tokens -= 1;
    this.app?.take();
    // Silence is counted from the first request out after a quiet spell, not from the last answer.
    if (this.inFlight === 0) this.heardAt = Math.max(this.heardAt, now);
    this.inFlight++;
    return "ok";
  }

  tryAdmit(now: number): boolean {
    return this.admit(now) === "ok";
  }

  /** When a row that was refused now should be due again; each call hands out the next slot. */
  deferUntil(now: number): number {
    let at = Math.max(this.horizon, now + MIN_DEFER_MS);
    let gap = 0;
    if (this.rate !== null) {
      this.refill(now);
      at = Math.max(at, now + ((1 - Math.min(1, this.tokens)) * 1000) / this.rate);
      gap = 1000 / this.rate;
    }
    const allowed = this.allowance(now);
    if (this.inFlight >= allowed) gap = Math.max(gap, this.latencyMs / allowed);
    // Out of the app's tokens: wait for the app's next slot (shared with its other endpoints).
    if (this.app && !this.app.ready(now)) at = Math.max(at, this.app.nextSlot(now));
    this.horizon = at + gap;
    return Math.ceil(Math.min(at, now + MAX_DEFER_MS));
  }

  /**
   * A slot is free again: a request ended after `durationMs` at clock time `now` (`ended` says how),
   * or (without `now`) a slot taken for a row that was not sent after all.
   */
  finished(durationMs: number, now?: number, ended: Ended = "other"): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (now === undefined) return;
    this.latencyMs = this.latencyMs * 0.8 + Math.max(0, durationMs) * 0.2;
    if (ended === "answered") {
      this.heardAt = Math.max(this.heardAt, now);
      if (this.window < this.cap) this.window++;
    } else if (ended === "timeout") {
      this.window = PROBE_SLOTS;
    }
  }

  /** Nothing in flight, nothing waiting, tokens refilled: forgetting the gate changes nothing. */
  isIdle(now: number): boolean {
    this.refill(now);
    return this.inFlight === 0 && this.waiting.size === 0 && this.horizon <= now && (this.rate === null || this.tokens >= this.burst(this.rate));
  }
}

/** FIFO with O(1) push and shift (Array#shift is O(n) on long backlogs). */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get size(): number { return this.items.length - this.head; }

  push(item: T): void { this.items.push(item); }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const row = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) { this.items = this.items.slice(this.head); this.head = 0; }
    return row;
  }

  /** Empties the queue and returns what it held. */
  drain(): T[] {
    const rows = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return rows;
  }
}

export class RowQueue extends Fifo<DueRow> {}
export class IdQueue extends Fifo<number> {}
