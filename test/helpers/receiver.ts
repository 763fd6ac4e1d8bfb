// A real HTTP receiver on 127.0.0.1:0 that records every request; its answer is programmable.
export interface Received { method: string; path: string; headers: Record<string, string>; body: string; raw: Uint8Array; at: number }

export interface Receiver {
  url: string;
  port: number;
  requests: Received[];
  /** Next answers, consumed in order; after that `fallback` answers. */
  respond(...answers: (Response | (() => Response | Promise<Response>))[]): void;
  fallback: () => Response | Promise<Response>;
  /**
   * Queues one answer that is held until the returned function is called (a receiver that hangs
   * until the test lets it go). `answer` builds the response sent then; default 200 "ok".
   */
  hold(answer?: () => Response): () => void;
  /** Resolves once `n` requests have arrived (no sleeping: woken by the request itself). */
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
  /** Resolves once `test` holds for the requests received so far (checked as each one arrives). */
  until(test: (requests: Received[]) => boolean, timeoutMs?: number): Promise<Received[]>;
  close(): void;
}

export function startReceiver(): Receiver {
  const queue: (Response | (() => Response | Promise<Response>))[] = [];
  const waiters: { done: () => boolean; resolve: () => void }[] = [];
  const r: Receiver = {
    url: "", port: 0, requests: [],
    fallback: () => new Response("ok"),
    respond: (...a) => { queue.push(...a); },
    hold(answer = () => new Response("ok")) {
      let release!: () => void;
      const held = new Promise<void>((ok) => { release = ok; });
      queue.push(async () => { await held; return answer(); });
      return release;
    },
    waitFor(n, timeoutMs = 10_000) {
      return r.until((reqs) => reqs.length >= n, timeoutMs).catch(() => {
        throw new Error(`receiver got ${r.requests.length} of ${n} requests in ${timeoutMs} ms`);
      });
    },
    until(test, timeoutMs = 10_000) {
      if (test(r.requests)) return Promise.resolve(r.requests);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`receiver: condition not met after ${r.requests.length} requests in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ done: () => test(r.requests), resolve: () => { clearTimeout(t); resolve(r.requests); } });
      });
    },
    close: () => server.stop(true),
  };
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const raw = new Uint8Array(await req.arrayBuffer());
      const u = new URL(req.url);
      r.requests.push({ method: req.method, path: u.pathname + u.search, headers: Object.fromEntries(req.headers), body: new TextDecoder().decode(raw), raw, at: Date.now() });
      for (const w of [...waiters]) if (w.done()) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
      const next = queue.shift();
      const res = next ? (typeof next === "function" ? await next() : next) : await r.fallback();
      return res;
    },
  });
  r.port = server.port!;
  r.url = `http://127.0.0.1:${server.port}`;
  return r;
}
