// A minimal HTTP/1.1 keep-alive client over Bun.connect for the load generator. fetch() costs more
// CPU per request than the servers under test, and the load generator shares 2 cores with them;
// this client sends one request at a time per connection and parses only what it needs
// (status, Content-Length or chunked body). Loopback only.
import type { Socket } from "bun";

export interface HttpAnswer { status: number; body: Uint8Array }

const CRLFCRLF = Buffer.from("\r\n\r\n");
const enc = new TextEncoder();

export class HttpConnection {
  private socket: Socket<undefined> | null = null;
  private buf: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (a: HttpAnswer) => void; reject: (e: Error) => void } | null = null;
  private out: Uint8Array | null = null;
  private closed = false;

  constructor(private host: string, private port: number) {}

  private async connect(): Promise<void> {
    this.closed = false;
    this.buf = Buffer.alloc(0);
    this.socket = await Bun.connect({
      hostname: this.host, port: this.port,
      socket: {
        data: (_s, chunk) => { this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk); this.parse(); },
        drain: (s) => { if (this.out) { const n = s.write(this.out); this.out = n < this.out.length ? this.out.subarray(n) : null; } },
        close: () => { this.closed = true; this.socket = null; this.fail(new Error("connection closed")); },
        error: (_s, e) => { this.closed = true; this.socket = null; this.fail(e); },
      },
    });
  }

  private fail(e: Error) { const w = this.waiting; this.waiting = null; w?.reject(e); }

  /** Sends a request (method, path, headers, body) and resolves with the answer. One at a time. */
  async request(method: string, path: string, headers: Record<string, string>, body: string): Promise<HttpAnswer> {
    if (!this.socket || this.closed) await this.connect();
    const bodyBytes = enc.encode(body);
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\ncontent-length: ${bodyBytes.length}\r\n`;
    for (const k in headers) head += `${k}: ${headers[k]}\r\n`;
    const msg = Buffer.concat([Buffer.from(head + "\r\n"), bodyBytes]);
    return new Promise<HttpAnswer>((resolve, reject) => {
      this.waiting = { resolve, reject };
      const n = this.socket!.write(msg);
      if (n < msg.length) this.out = msg.subarray(Math.max(0, n));
    });
  }

  private parse(): void {
    if (!this.waiting) return;
    const end = this.buf.indexOf(CRLFCRLF);
    if (end < 0) return;
    const head = this.buf.subarray(0, end).toString("latin1");
    const status = Number(head.slice(9, 12));
    const lower = head.toLowerCase();
    const cl = /\r\ncontent-length:\s*(\d+)/.exec(lower);
    let bodyStart = end + 4, body: Uint8Array, consumed: number;
    if (cl) {
      const len = Number(cl[1]);
      if (this.buf.length < bodyStart + len) return;
      body = this.buf.subarray(bodyStart, bodyStart + len);
      consumed = bodyStart + len;
    } else if (/\r\ntransfer-encoding:\s*chunked/.test(lower)) {
      const parts: Uint8Array[] = [];
      let p = bodyStart;
      for (;;) {
        const lineEnd = this.buf.indexOf("\r\n", p);
        if (lineEnd < 0) return;
        const size = parseInt(this.buf.subarray(p, lineEnd).toString("latin1"), 16);
        if (this.buf.length < lineEnd + 2 + size + 2) return;
        if (size === 0) { consumed = lineEnd + 4; break; }
        parts.push(this.buf.subarray(lineEnd + 2, lineEnd + 2 + size));
        p = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(parts);
    } else { body = new Uint8Array(0); consumed = bodyStart; }
    const w = this.waiting;
    this.waiting = null;
    const rest = this.buf.subarray(consumed);
    this.buf = rest.length ? Buffer.from(rest) : Buffer.alloc(0);
    if (/\r\nconnection:\s*close/.test(lower)) { this.socket?.end(); this.socket = null; }
    w.resolve({ status, body });
  }

  close() { this.socket?.end(); this.socket = null; }
}
