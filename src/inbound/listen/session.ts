// One `hookrelay listen` session per source: register, long-poll from the cursor, forward each request
// to the local target in order, report the result, repeat. Lost connections are retried with backoff;
// the cursor lives server side, so a restarted listener resumes exactly where the last one stopped.
import { ListenApi, ServerRefused, Unreachable, type ListenEvent } from "./api-client";
import { forward } from "./forwarder";

export interface SessionOptions {
  api: ListenApi;
  server: string;
  source: string;
  name: string;
  forwardUrl: string;
  timeoutMs: number;
  maxBackoffMs: number;
  out: (line: string) => void;
  err: (line: string) => void;
  signal: AbortSignal;
}

const POLL_WAIT_SEC = 25;

const clock = () => new Date().toTimeString().slice(0, 8);
const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  const t = setTimeout(done, ms);
  function done() { clearTimeout(t); signal.removeEventListener("abort", done); resolve(); }
  signal.addEventListener("abort", done);
});

class Backoff {
  private next = 500;
  constructor(private max: number) {}
  take(): number { const d = this.next; this.next = Math.min(this.next * 2, this.max); return d; }
  reset(): void { this.next = 500; }
}

/** Runs until the signal aborts; rejects only on errors retrying cannot fix (bad token, unknown source). */
export async function runSession(o: SessionOptions): Promise<void> {
  const backoff = new Backoff(o.maxBackoffMs);
  let sourceId = "";
  let cursor = -1;
  let down = false;
  const offline = async (e: Unreachable) => {
    const wait = backoff.take();
    if (!down) o.err(`${clock()}  cannot reach the hookrelay server at ${o.server} (${e.message}); retrying…`);
    down = true;
    await sleep(wait, o.signal);
  };

  while (!o.signal.aborted) {
    try {
      const reg = await o.api.register(o.source, o.name, o.forwardUrl);
      if (cursor < 0) {
        sourceId = reg.sourceId;
        cursor = reg.cursor;
        o.err(`${clock()}  listening on source ${o.source} as "${o.name}" → ${o.forwardUrl} (from cursor ${cursor})`);
      } else if (down) o.err(`${clock()}  reconnected to ${o.server}; resuming after cursor ${cursor}`);
      down = false;
      backoff.reset();
      while (!o.signal.aborted) {
        const page = await o.api.events(sourceId, cursor, POLL_WAIT_SEC, o.signal);
        for (const ev of page.data) {
          if (o.signal.aborted) return;
          await deliver(o, sourceId, ev);
          cursor = ev.cursor;
        }
      }
    } catch (e) {
      if (o.signal.aborted) return;
      if (e instanceof Unreachable) { await offline(e); continue; }
      if (e instanceof ServerRefused && e.status === 401) throw new Error(`the server refused the token (${e.message}); create one with 'hookrelay token create'`);
      if (e instanceof ServerRefused && e.status === 404) throw new Error(`source ${o.source} not found on ${o.server}`);
      throw e;
    }
  }
}

/**
 * Forwards one request until the local target answers (an unreachable target is retried with backoff,
 * so a restart of the local server loses nothing), then reports the result until the server has it.
 */
async function deliver(o: SessionOptions, sourceId: string, ev: ListenEvent): Promise<void> {
  const targetBackoff = new Backoff(o.maxBackoffMs);
  for (;;) {
    const r = await forward(o.forwardUrl, ev, o.timeoutMs);
    const label = `${clock()}  ${ev.method.padEnd(6)} ${ev.path}${ev.query ? "?" + ev.query : ""}`;
    if (!r.ok && !r.reached) o.err(`${label}  ✗ ${r.url} is not reachable (${r.error}); is your local server running? retrying…`);
    await reportUntilStored(o, sourceId, {
      requestId: ev.id, url: r.url, requestHeaders: r.sentHeaders, durationMs: r.durationMs,
      ...(r.ok ? { status: r.status, responseHeaders: r.headers, responseBody: r.body } : { errorClass: r.errorClass, error: r.error }),
    });
    // Printed once the attempt log has it, so the line means "done".
    if (r.ok) o.out(`${label}  → ${r.status}  ${r.durationMs} ms  ${ev.id}`);
    else if (r.reached) o.out(`${label}  → timeout after ${r.durationMs} ms  ${ev.id}`);
    if (r.ok || r.reached || o.signal.aborted) return;
    await sleep(targetBackoff.take(), o.signal);
    if (o.signal.aborted) return;
  }
}

/** Always tries once, even while stopping, so a request forwarded just before Ctrl-C is not sent again. */
async function reportUntilStored(o: SessionOptions, sourceId: string, a: Parameters<ListenApi["report"]>[2]): Promise<void> {
  const backoff = new Backoff(o.maxBackoffMs);
  let warned = false;
  for (;;) {
    try {
      await o.api.report(sourceId, o.name, a);
      if (warned) o.err(`${clock()}  reconnected to ${o.server}`);
      return;
    } catch (e) {
      // Refused (request expired by retention, listener removed): the local delivery happened; say so and go on.
      if (e instanceof ServerRefused) { o.err(`${clock()}  the server did not record ${a.requestId}: ${e.message}`); return; }
      if (!(e instanceof Unreachable)) throw e;
      if (o.signal.aborted) return;
      if (!warned) o.err(`${clock()}  cannot reach the hookrelay server at ${o.server} (${e.message}) to report ${a.requestId}; retrying…`);
      warned = true;
      await sleep(backoff.take(), o.signal);
    }
  }
}
