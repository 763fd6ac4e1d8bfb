// Misbehaving receivers on 127.0.0.1 (research T4): each records what it was sent and how much it
// managed to push back, so tests can assert that hookrelay stopped reading, did not follow, etc.
import type { Server, TCPSocketListener } from "bun";

export interface Evil { url: string; hits: number; stop(): void }

type RawSocket = { write(d: string | Uint8Array): number; end(): void; terminate(): void };

/** A raw TCP peer: `onRequest` runs once per connection, when the first request bytes arrive. */
export function rawPeer(onRequest: (socket: RawSocket, stopped: () => boolean) => void): Evil {
  let stopped = false;
  const seen = new WeakSet<object>();
  const evil: Evil = { url: "", hits: 0, stop: () => { stopped = true; listener.stop(true); } };
  const listener: TCPSocketListener<undefined> = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      data(socket) {
        if (seen.has(socket)) return;
        seen.add(socket);
        evil.hits++;
        onRequest(socket, () => stopped);
      },
      open() {},
      close() {},
    },
  });
  evil.url = `http://127.0.0.1:${listener.port}/hook`;
  return evil;
}

/** Never answers. */
export const acceptAndHang = () => rawPeer(() => {});

/** Sends the status line, then never finishes the headers. */
export const slowHeaders = () => rawPeer((s) => { s.write("HTTP/1.1 200 OK\r\n"); });

/** Closes the connection as soon as the request arrives (no status line). */
export const resetBeforeHeaders = () => rawPeer((s) => { s.terminate(); });

/** Sends headers and part of the promised body, then drops the connection. */
export const resetMidBody = () => rawPeer((s) => {
  s.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial");
  setTimeout(() => s.terminate(), 20);
});

/** Headers at once, then one body byte every `everyMs`: only a total deadline stops it. */
export const tricklingBody = (everyMs = 100, bytes = 10_000) => rawPeer((s, stopped) => {
  s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${bytes}\r\n\r\n`);
  let sent = 0;
  const t = setInterval(() => {
    if (stopped() || sent >= bytes) return clearInterval(t);
    try { s.write("x"); sent++; } catch { clearInterval(t); }
  }, everyMs);
});

/** 200 with an endless body; `offered` counts the bytes the client actually pulled. */
export function hugeResponse(chunkBytes = 64 * 1024, maxBytes = 1024 ** 3): Evil & { offered: number } {
  const chunk = new Uint8Array(chunkBytes).fill(0x61);
  const evil = { url: "", hits: 0, offered: 0, stop: () => server.stop(true) };
  const server: Server<undefined> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch() {
      evil.hits++;
      return new Response(new ReadableStream({
        pull(c) {
          if (evil.offered >= maxBytes) return c.close();
          evil.offered += chunk.length;
          c.enqueue(chunk);
        },
      }), { headers: { "content-type": "text/plain" } });
    },
  });
  evil.url = `http://127.0.0.1:${server.port}/hook`;
  return evil;
}

/** A normal Bun server with a fixed answer (429, 410, 302 …), optionally over TLS. */
export function answering(make: () => Response, tls?: { cert: string; key: string }): Evil {
  const evil: Evil = { url: "", hits: 0, stop: () => server.stop(true) };
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, tls, fetch: () => { evil.hits++; return make(); } });
  evil.url = `${tls ? "https" : "http"}://127.0.0.1:${server.port}/hook`;
  return evil;
}
