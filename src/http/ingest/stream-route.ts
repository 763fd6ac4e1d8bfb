// The secret stream URL ({base}/in/stream/{streamToken}): server-sent events in smee.io's format, so
// `smee --url <streamUrl>` works unchanged. Each event's id is its cursor, so EventSource reconnects
// resume with Last-Event-ID; named `ping` events keep idle connections (and proxies) open.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { inboundOf } from "../../inbound/service";
import { followSource } from "../../inbound/live-feed";
import { smeeMessage } from "../../inbound/smee-format";
import { jsonResponse } from "../errors";

/** A consumer this far behind is cut off; it reconnects with Last-Event-ID and catches up from the database. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
const encoder = new TextEncoder();

export function streamRoute(ctx: AppContext) {
  const svc = inboundOf(ctx);
  return new Elysia().get("/in/stream/:token", ({ params, request, query }) => {
    const source = svc.sources.byStreamToken(params.token);
    if (!source) return jsonResponse(404, { code: "not_found", detail: "No source has this stream URL (was its token rotated?)" });
    const resumeFrom = request.headers.get("last-event-id") ?? (query as Record<string, string | undefined>).after;
    const after = resumeFrom !== undefined && /^\d+$/.test(resumeFrom) ? Number(resumeFrom) : svc.requests.head(source.id);

    let close = () => {};
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        let closed = false;
        const send = (text: string): boolean => {
          if (closed) return false;
          // Judged before enqueueing, so one large event on a drained stream always goes out; what is
          // dropped here is re-read from the database when the client resumes with Last-Event-ID.
          if ((controller.desiredSize ?? 0) < -MAX_BUFFERED_BYTES) { close(); return false; }
          controller.enqueue(encoder.encode(text));
          return true;
        };
        send(`retry: 2000\nid: ${after}\nevent: ready\ndata: {}\n\n`);
        const heartbeat = setInterval(() => send(`event: ping\ndata: {"timestamp":${ctx.clock.now()}}\n\n`), svc.heartbeatMs);
        let unsubscribe = () => {};
        close = () => {
          if (closed) return;
          closed = true;
          clearInterval(heartbeat);
          unsubscribe();
          svc.openStreams.delete(close);
          try { controller.close(); } catch { /* already closed by the client */ }
        };
        svc.openStreams.set(close, source.id);
        const unsub = followSource(svc, source.id, after, (ev) => send(`id: ${ev.seq}\ndata: ${smeeMessage(ev)}\n\n`));
        // The catch-up may already have cut off a consumer that cannot keep up.
        if (closed) unsub();
        else unsubscribe = unsub;
      },
      cancel() { close(); },
    }, { highWaterMark: 1024 * 1024, size: (chunk) => chunk?.byteLength ?? 0 });
    request.signal.addEventListener("abort", () => close());
    return new Response(body, {
      headers: { "content-type": "text/event-stream", "cache-control": "no-cache", "x-accel-buffering": "no" },
    });
  });
}
