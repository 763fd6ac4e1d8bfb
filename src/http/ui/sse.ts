// A server-sent event stream for the htmx sse extension: named events whose data is HTML, a comment
// heartbeat so idle connections (and proxies) stay open, and cleanup when the browser goes away.
const encoder = new TextEncoder();
const HEARTBEAT_MS = 15_000;

export interface SseSink {
  /** Sends one named event; multi-line HTML becomes several `data:` lines, as the protocol wants. */
  send(event: string, html: string, id?: string | number): void;
  close(): void;
  readonly closed: boolean;
}

/** `start` runs once the stream is open and returns its cleanup; `registry` holds a closer while it is open. */
export function sseResponse(request: Request, start: (sink: SseSink) => () => void, registry?: Set<() => void>): Response {
  let cleanup: (() => void) | null = null;
  let sink!: SseSink;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const write = (text: string) => {
        if (closed) return;
        try { controller.enqueue(encoder.encode(text)); } catch { sink.close(); }
      };
      const heartbeat = setInterval(() => write(": ping\n\n"), HEARTBEAT_MS);
      sink = {
        get closed() { return closed; },
        send(event, html, id) {
          const data = html.split(/\r?\n/).map((l) => `data: ${l}`).join("\n");
          write(`${id !== undefined ? `id: ${id}\n` : ""}event: ${event}\n${data}\n\n`);
        },
        close() {
          if (closed) return;
          closed = true;
          registry?.delete(closeSink);
          clearInterval(heartbeat);
          cleanup?.();
          try { controller.close(); } catch { /* the client already went away */ }
        },
      };
      const closeSink = () => sink.close();
      registry?.add(closeSink);
      write("retry: 2000\n\n");
      cleanup = start(sink);
      if (closed) cleanup();
    },
    cancel() { sink?.close(); },
  });
  request.signal.addEventListener("abort", () => sink?.close());
  return new Response(body, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache", "x-accel-buffering": "no" } });
}
