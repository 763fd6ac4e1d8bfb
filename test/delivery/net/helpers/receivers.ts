/** Real loopback receivers (Bun.serve / Bun.listen on port 0) with one-call cleanup. */
import type { Server, TCPSocketListener } from "bun";

type Handler = (req: Request, server: Server<undefined>) => Response | Promise<Response>;

export class Receivers {
  private servers: Server<undefined>[] = [];
  private listeners: TCPSocketListener<undefined>[] = [];

  http(handler: Handler, opts: { hostname?: string; tls?: { cert: string; key: string } } = {}): Server<undefined> {
    const server = Bun.serve({ hostname: opts.hostname ?? "127.0.0.1", port: 0, tls: opts.tls, fetch: handler });
    this.servers.push(server);
    return server;
  }

  /** A raw TCP server, for peers that misbehave below HTTP. */
  tcp(onData: (socket: { write(d: string): number; end(): void; terminate(): void }) => void): TCPSocketListener<undefined> {
    const listener = Bun.listen({
      hostname: "127.0.0.1",
      port: 0,
      socket: { data: (socket) => onData(socket), open() {} },
    });
    this.listeners.push(listener);
    return listener;
  }

  /** A port that was just listening and is now closed: connecting to it is refused. */
  closedPort(hostname = "127.0.0.1"): number {
    const l = Bun.listen({ hostname, port: 0, socket: { data() {}, open() {} } });
    const port = l.port;
    l.stop(true);
    return port;
  }

  stopAll(): void {
    for (const s of this.servers.splice(0)) s.stop(true);
    for (const l of this.listeners.splice(0)) l.stop(true);
  }
}

export function ipv6LoopbackAvailable(): boolean {
  try {
    Bun.listen({ hostname: "::1", port: 0, socket: { data() {} } }).stop(true);
    return true;
  } catch {
    return false;
  }
}
