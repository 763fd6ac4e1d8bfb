// Chooses what to send next, inside the cycle's transaction. Fair across endpoints: the due scan
// walks the due index with a keyset cursor, and a row whose endpoint is at its in-flight cap is
// remembered in memory (no write) while the scan moves on to other endpoints' rows; a freed slot
// takes the endpoint's next remembered row at once. A row whose endpoint is out of throttle
// tokens is given its exact later slot in the database. So a slow endpoint holds at most its cap
// of requests, and never delays healthy ones.
import type { Config } from "../config/load";
import type { DeliveryEndpoint, DeliveryQueue, DueRow } from "../store/deliveries";
import { EndpointGate, AppBucket } from "./endpoint-gate";
import { endpointSchedule } from "./retry-policy";

/** The lease outlives the HTTP timeout by this much, so a slow success is not sent twice. */
export const LEASE_GRACE_MS = 10_000;
/** Rows read per scan at most; a longer due range continues in the next cycle. */
const MAX_WINDOW = 512;
/** Rows remembered in memory across all endpoints; beyond, they stay in the database for a later scan.
 * Peak RSS of a 100,000-row backlog drain against the 200 MB target (quick bench runs): 100,000 → 226 MB;
 * with the sender thread and 64 in flight per endpoint, 50,000 → 199–202 MB (2,550/s), 40,000 → 173 MB
 * (2,130/s; 188–202 MB in a full run), 30,000 → 168 MB in a full run (1,828/s), 25,000 → 155 MB
 * (1,700/s). Rows past the cap cost one write each to push back. Since pushed-back rows are taken
 * early by id (takeDeferred), the drain no longer depends on this cap: 10,000 → 158 MB, 7,800/s;
 * 30,000 → 207 MB, 8,200/s (sender thread off). */
const MAX_WAITING = 10_000;
/** Ids of rows pushed back for the cap kept to be taken early (8 bytes each); beyond, rows wait for their slot. */
const MAX_DEFERRED_IDS = 200_000;
/** With rows remembered, the scan restarts from the oldest due row at most this often (catches rows that became due behind the cursor). */
const RESTART_MS = 5_000;
/** Gates kept for endpoints that are idle; beyond this, idle ones are dropped. */
const MAX_IDLE_GATES = 10_000;
const START = { at: Number.MIN_SAFE_INTEGER, id: -1 };

export interface Target { row: DeliveryEndpoint; gate: EndpointGate; schedule: number[]; timeoutMs: number }
export interface Claimed { row: DueRow; target: Target; leaseUntil: number }
/** "scan": new rows may be due (wake, tick, timer); "slots": only requests finished. */
export type ClaimTrigger = "scan" | "slots";
type Take = (row: DueRow, t: Target) => boolean;

export class Claimer {
  private gates = new Map<string, EndpointGate>();
  /** Throttles of applications with a rateLimit, shared by their endpoints' gates. */
  private apps = new Map<string, AppBucket>();
  /** Gates with remembered rows, served round-robin. */
  private waitingGates = new Set<EndpointGate>();
  private waitingById = new Map<number, DueRow>();
  /** Gates holding ids of rows pushed back for the cap (EndpointGate.deferred). */
  private deferredGates = new Set<EndpointGate>();
  private deferredIds = 0;
  private cursor = START;
  private restartedAt = Number.NEGATIVE_INFINITY;
  /** The last scan stopped before the end of the due range: continue it when slots free. */
  private scanPending = true;
  /** Earliest due time handed to a pushed-back row by the last claim (the engine arms a timer). */
  nextDeferred = Infinity;

  private readonly maxWaiting: number;
  private readonly maxDeferredIds: number;

  /** `limits` lets tests use small caps for what the defaults keep at tens of thousands of rows. */
  constructor(private queue: DeliveryQueue, private config: Config, private schedule: number[], limits: { maxWaiting?: number; maxDeferredIds?: number } = {}) {
    this.maxWaiting = limits.maxWaiting ?? MAX_WAITING;
    this.maxDeferredIds = limits.maxDeferredIds ?? MAX_DEFERRED_IDS;
  }

  /**
   * False when a claim could not do anything: no remembered row can go, and (for a scan) nothing is
   * due. Lets an idle tick skip its write transaction.
   */
  hasWork(now: number, trigger: ClaimTrigger): boolean {
    for (const gate of this.waitingGates) if (gate.hasFreeSlot(now)) return true;
    for (const gate of this.deferredGates) if (gate.hasFreeSlot(now) && gate.waiting.size === 0) return true;
    if (trigger === "slots" && !this.scanPending) return false;
    if (this.queue.dueExpired(now, 1).length > 0 || this.queue.duePending(now, this.cursor, 1).length > 0) return true;
    if (this.cursor !== START) {
      // Nothing ahead of the cursor, but a row can be due BEHIND it: a message whose request took its
      // time before another's yet committed after it, a retry or deliverAt earlier than the last row
      // scanned. Only a scan that reaches the end moves the cursor back, and without this no scan
      // would run: such a row waited for unrelated new traffic (seen once: the last of 100,000
      // queued deliveries left pending). Start over from the oldest due row, as often as scan() does.
      if (!this.restartCursor(now)) return false;
      if (this.queue.duePending(now, START, 1).length > 0) return true;
    }
    // Nothing due from the start of the range: no older row is left unscanned (admitNew may take new ones).
    this.scanPending = false;
    return false;
  }

  /**
   * Takes a new delivery, due now, in the transaction that creates it (the engine's hand-over), when
   * nothing older can be waiting for its endpoint: the last scan reached the end of the due range,
   * the endpoint has no remembered rows, no initial delay, and a free slot and throttle token now.
   * `seen` is the caller's endpoint map for this one transaction (edits apply to the next one).
   */
  admitNew(endpointId: string, now: number, seen: Map<string, Target | null>): Target | null {
    if (this.scanPending) return null;
    const target = this.target(endpointId, now, seen);
    if (!target || target.row.disabled || target.schedule[0] > 0 || target.gate.waiting.size > 0) return null;
    return target.gate.admit(now) === "ok" ? target : null;
  }

  /** Rows held in memory waiting for a slot of their endpoint (for metrics and tests). */
  get waiting(): number { return this.waitingById.size; }

  /** Endpoints with requests out and no answer for a while (EndpointGate.isSilent), most requests first. */
  silentGates(now: number): EndpointGate[] {
    const out: EndpointGate[] = [];
    for (const gate of this.gates.values()) if (gate.isSilent(now)) out.push(gate);
    return out.sort((a, b) => b.inFlight - a.inFlight);
  }

  /**
   * Claims up to `capacity` rows into `claimed`. Returns true when the scan read a full window and
   * capacity is left, i.e. more due rows may be waiting behind it (the engine cycles again at once).
   */
  claim(now: number, capacity: number, claimed: Claimed[], trigger: ClaimTrigger): boolean {
    this.nextDeferred = Infinity;
    const targets = new Map<string, Target | null>();
    const take: Take = (row, target) => {
      const leaseUntil = now + target.timeoutMs + LEASE_GRACE_MS;
      if (this.queue.claim(row, leaseUntil, now)) { claimed.push({ row, target, leaseUntil }); return true; }
      target.gate.finished(0); // the row changed since we saw it (resend, deletion): let it go
      return false;
    };
    if (this.gates.size > MAX_IDLE_GATES && now - this.restartedAt >= RESTART_MS) this.dropIdleGates(now);
    capacity -= this.serveWaiting(now, capacity, targets, take);
    capacity -= this.takeDeferred(now, capacity, targets, take);
    if (trigger === "slots" && !this.scanPending) return false;
    if (capacity <= 0) { this.scanPending = true; return false; }
    capacity -= this.reclaimExpired(now, capacity, targets, take);
    if (capacity <= 0) { this.scanPending = true; return false; }
    return this.scan(now, capacity, targets, take);
  }

  /** Remembered rows go first, as their endpoints free slots. */
  private serveWaiting(now: number, capacity: number, targets: Map<string, Target | null>, take: Take): number {
    let used = 0;
    for (const gate of [...this.waitingGates]) {
      if (used >= capacity) break;
      if (!gate.hasFreeSlot(now)) continue; // still busy: keep its place, skip the endpoint query
      this.waitingGates.delete(gate);
      const target = this.target(gate.endpointId, now, targets);
      if (!target || target.row.disabled) {
        // Forget them: their rows are still due in the database, and the scan fails them.
        for (const row of gate.waiting.drain()) this.waitingById.delete(row.id);
        this.cursor = START;
        continue;
      }
      while (used < capacity && gate.waiting.size > 0) {
        const admission = gate.admit(now);
        if (admission === "cap") break;
        if (admission === "rate") {
          // Throttled too: hand every remembered row its exact slot instead.
          for (const row of gate.waiting.drain()) { this.waitingById.delete(row.id); this.pushBack(row, gate.deferUntil(now), now); }
          break;
        }
        const row = gate.waiting.shift()!;
        this.waitingById.delete(row.id);
        if (take(row, target)) used++;
      }
      if (gate.waiting.size > 0) this.waitingGates.add(gate); // to the back of the round
    }
    return used;
  }

  /**
   * Rows pushed back for the cap, taken before their estimated slot once their endpoint has a free
   * slot and nothing remembered: a backlog drains at the endpoint's real pace, not at the pace
   * guessed while it was busy. The claim's fence (status, due time as read) keeps this safe
   * against a row that changed meanwhile.
   */
  private takeDeferred(now: number, capacity: number, targets: Map<string, Target | null>, take: Take): number {
    let used = 0;
    for (const gate of [...this.deferredGates]) {
      if (used >= capacity) break;
      if (!gate.hasFreeSlot(now) || gate.waiting.size > 0) continue;
      const target = this.target(gate.endpointId, now, targets);
      if (!target || target.row.disabled) { this.forgetDeferred(gate); continue; }
      while (used < capacity && gate.deferred.size > 0 && gate.hasFreeSlot(now)) {
        const id = gate.deferred.shift()!;
        this.deferredIds--;
        if (this.waitingById.has(id)) continue; // came due and was remembered: served from there
        const row = this.queue.pendingRow(id);
        if (!row || row.endpointId !== gate.endpointId) continue; // already sent, resent or deleted
        if (gate.admit(now) !== "ok") { gate.deferred.push(id); this.deferredIds++; break; } // throttled: its slot stands
        if (take(row, target)) used++;
      }
      if (gate.deferred.size === 0) this.deferredGates.delete(gate);
    }
    return used;
  }

  private noteDeferred(gate: EndpointGate, id: number): void {
    if (this.deferredIds >= this.maxDeferredIds) return;
    gate.deferred.push(id);
    this.deferredIds++;
    this.deferredGates.add(gate);
  }

  private forgetDeferred(gate: EndpointGate): void {
    this.deferredIds -= gate.deferred.drain().length;
    this.deferredGates.delete(gate);
  }

  /** Claims whose lease expired: sent again, or released as pending when their endpoint is busy. */
  private reclaimExpired(now: number, capacity: number, targets: Map<string, Target | null>, take: Take): number {
    let used = 0;
    const limit = Math.min(capacity, MAX_WINDOW);
    const rows = this.queue.dueExpired(now, limit);
    for (const row of rows) {
      const target = this.target(row.endpointId, now, targets);
      if (!target) continue;
      if (target.row.disabled) { this.queue.failUnsent(row.id, now); continue; }
      const admission = target.gate.admit(now);
      if (admission === "ok") { if (take(row, target)) used++; continue; }
      this.pushBack(row, target.gate.deferUntil(now), now);
      if (admission === "cap") this.noteDeferred(target.gate, row.id);
    }
    if (rows.length === limit) this.scanPending = true;
    return used;
  }

  private scan(now: number, capacity: number, targets: Map<string, Target | null>, take: Take): boolean {
    const window = Math.min(MAX_WINDOW, capacity * 2 + 16);
    const rows = this.queue.duePending(now, this.cursor, window);
    let processed = 0;
    for (const row of rows) {
      if (capacity <= 0) break;
      processed++;
      this.cursor = { at: row.nextAttemptAt, id: row.id };
      const known = this.waitingById.get(row.id);
      if (known) { Object.assign(known, row); continue; } // already waiting for a slot
      const target = this.target(row.endpointId, now, targets);
      if (!target) continue; // endpoint deleted: its rows go with it (cascade)
      if (target.row.disabled) { this.queue.failUnsent(row.id, now); continue; }
      const initialAt = row.createdAt + target.schedule[0];
      if (row.attemptCount === 0 && !row.manual && row.nextAttemptAt < initialAt && initialAt > now) {
        this.pushBack(row, initialAt, now);
        continue;
      }
      const admission = target.gate.admit(now);
      if (admission === "ok") { if (take(row, target)) capacity--; }
      else if (admission === "cap" && this.waitingById.size < this.maxWaiting) this.remember(target.gate, row);
      else {
        this.pushBack(row, target.gate.deferUntil(now), now);
        if (admission === "cap") this.noteDeferred(target.gate, row.id);
      }
    }
    const full = rows.length === window;
    this.scanPending = full || processed < rows.length;
    if (!this.scanPending) this.restartCursor(now);
    return full && processed === rows.length && capacity > 0;
  }

  /**
   * Moves the cursor back to the oldest due row, unless rows are remembered and it did so less
   * than RESTART_MS ago (a restart re-reads every remembered row). True when it moved.
   */
  private restartCursor(now: number): boolean {
    if (this.waitingById.size > 0 && now - this.restartedAt < RESTART_MS) return false;
    this.cursor = START;
    this.restartedAt = now;
    return true;
  }

  private remember(gate: EndpointGate, row: DueRow): void {
    gate.waiting.push(row);
    this.waitingById.set(row.id, row);
    this.waitingGates.add(gate);
  }

  private pushBack(row: DueRow, at: number, now: number): void {
    this.queue.defer(row.id, at, now);
    this.nextDeferred = Math.min(this.nextDeferred, at);
  }

  /** The endpoint as of this cycle (API edits apply at once), with its gate configured. */
  private target(endpointId: string, now: number, seen: Map<string, Target | null>): Target | null {
    if (seen.has(endpointId)) return seen.get(endpointId)!;
    const row = this.queue.endpoint(endpointId);
    let t: Target | null = null;
    if (row) {
      let gate = this.gates.get(endpointId);
      if (!gate) { gate = new EndpointGate(endpointId, now); this.gates.set(endpointId, gate); }
      gate.configure(row.throttleRate, row.maxInFlight ?? this.config.endpointMaxInFlight, row.appId && row.appRateLimit ? this.appBucket(row.appId, row.appRateLimit, now) : null);
      t = { row, gate, schedule: endpointSchedule(row.retrySchedule) ?? this.schedule, timeoutMs: row.timeoutMs ?? this.config.requestTimeout };
    }
    seen.set(endpointId, t);
    return t;
  }

  private appBucket(appId: string, rate: number, now: number): AppBucket {
    let b = this.apps.get(appId);
    if (!b) { b = new AppBucket(now); this.apps.set(appId, b); }
    b.configure(rate);
    return b;
  }

  private dropIdleGates(now: number): void {
    for (const [id, gate] of this.gates) if (gate.isIdle(now) && gate.deferred.size === 0) this.gates.delete(id);
    for (const [id, app] of this.apps) if (app.isIdle(now)) this.apps.delete(id);
  }
}
