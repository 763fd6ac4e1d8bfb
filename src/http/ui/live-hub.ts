/**
 * Live updates for open UI pages. One poller per process looks at what was written since its last
 * look (new attempts by rowid, new ingest requests by seq) and tells the subscribed pages, keyed by
 * message, endpoint or source. It runs only while a page listens; the inbound event bus makes it look
 * at once when a request is captured. Pages re-read their fragment from the database on a signal, so
 * a missed or repeated signal never shows wrong data.
 */
import type { AppContext } from "../../app-context";
import { createLiveReads, type LiveReads, type NewAttemptRef, type NewIngestRef } from "../../store/ui-live";
import { inboundOf } from "../../inbound/service";

export type LiveKey = `msg:${string}` | `ep:${string}` | `src:${string}`;
export type LiveSignal = { kind: "attempt"; ref: NewAttemptRef } | { kind: "request"; ref: NewIngestRef };
type Listener = (s: LiveSignal) => void;

const BATCH = 1000;

export class LiveHub {
  /** Closers of the open UI streams (so a test, or shutdown, can end them all). */
  readonly streams = new Set<() => void>();
  private subs = new Map<LiveKey, Set<Listener>>();
  private busUnsubs = new Map<string, () => void>();
  private attemptCursor = 0;
  private ingestCursor = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private soon: ReturnType<typeof setTimeout> | null = null;

  constructor(private reads: LiveReads, private ctx: AppContext, readonly pollMs = 400) {}

  /** Listens for changes under `key`; returns the unsubscribe function. */
  subscribe(key: LiveKey, fn: Listener): () => void {
    if (!this.timer) this.start();
    let set = this.subs.get(key);
    if (!set) this.subs.set(key, (set = new Set()));
    set.add(fn);
    if (key.startsWith("src:") && !this.busUnsubs.has(key)) {
      // A captured request is committed before the bus publishes it: look right away.
      this.busUnsubs.set(key, inboundOf(this.ctx).bus.subscribe(key.slice(4), () => this.pollSoon()));
    }
    return () => {
      set!.delete(fn);
      if (set!.size) return;
      this.subs.delete(key);
      this.busUnsubs.get(key)?.();
      this.busUnsubs.delete(key);
      if (!this.subs.size) this.stop();
    };
  }

  get listeners(): number {
    let n = 0;
    for (const s of this.subs.values()) n += s.size;
    return n;
  }

  /** Reads everything new and signals its subscribers. Safe to call any time. */
  poll(): void {
    if (!this.subs.size) return;
    for (;;) {
      const rows = this.reads.attemptsAfter(this.attemptCursor, BATCH);
      for (const a of rows) {
        this.attemptCursor = a.r;
        const s: LiveSignal = { kind: "attempt", ref: a };
        this.emit(`msg:${a.messageId}`, s);
        this.emit(`ep:${a.endpointId}`, s);
        if (a.sourceId) this.emit(`src:${a.sourceId}`, s);
      }
      if (rows.length < BATCH) break;
    }
    for (;;) {
      const rows = this.reads.ingestAfter(this.ingestCursor, BATCH);
      for (const r of rows) {
        this.ingestCursor = r.seq;
        this.emit(`src:${r.sourceId}`, { kind: "request", ref: r });
      }
      if (rows.length < BATCH) break;
    }
  }

  /** Ends every open UI stream; browsers reconnect on their own and catch up from their cursor. */
  closeStreams(): void {
    for (const close of [...this.streams]) close();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.timer = this.soon = null;
  }

  private start() {
    // Start from "now": each page catches up from its own render-time cursor when it connects.
    this.attemptCursor = this.reads.attemptHead();
    this.ingestCursor = this.reads.ingestHead();
    this.timer = setInterval(() => this.safePoll(), this.pollMs);
  }

  private pollSoon() {
    if (this.soon) return;
    this.soon = setTimeout(() => { this.soon = null; this.safePoll(); }, 0);
  }

  private safePoll() {
    try { this.poll(); } catch (e) { this.ctx.log.warn("live update poll failed", { error: e instanceof Error ? e.message : String(e) }); }
  }

  private emit(key: LiveKey, s: LiveSignal) {
    const set = this.subs.get(key);
    if (!set) return;
    for (const fn of [...set]) {
      try { fn(s); } catch { /* a broken stream cleans itself up */ }
    }
  }
}

/** The app's hub, created on first use and stopped with the app. */
export function liveHubOf(ctx: AppContext): LiveHub {
  const existing = ctx.services.uiLive as LiveHub | undefined;
  if (existing) return existing;
  const hub = new LiveHub(createLiveReads(ctx.store), ctx);
  ctx.services.uiLive = hub;
  // Open pages' streams end before the server drains, so a shutdown does not wait out the grace period.
  ctx.beforeStop.push(() => hub.closeStreams());
  ctx.onStop.push(() => { hub.closeStreams(); hub.stop(); });
  return hub;
}
