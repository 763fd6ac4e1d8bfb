// A small SSE client for tests: reads events off a real streaming response as they arrive.
export interface SseEvent { id?: string; event: string; data: string }

export interface SseStream {
  response: Response;
  next(timeoutMs?: number): Promise<SseEvent>;
  /** Next event that is not a heartbeat. */
  nextMessage(timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const ac = new AbortController();
  const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: ac.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  const queue: SseEvent[] = [];
  const parse = () => {
    let i: number;
    while ((i = buf.indexOf("\n\n")) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const ev: SseEvent = { event: "message", data: "" };
      for (const line of block.split("\n")) {
        const at = line.indexOf(":");
        if (at === 0) continue;
        const field = at < 0 ? line : line.slice(0, at);
        const value = at < 0 ? "" : line.slice(at + 1).replace(/^ /, "");
        if (field === "id") ev.id = value;
        else if (field === "event") ev.event = value;
        else if (field === "data") ev.data += (ev.data ? "\n" : "") + value;
      }
      if (block.split("\n").some((l) => l.startsWith("data") || l.startsWith("event"))) queue.push(ev);
    }
  };
  const next = async (timeoutMs = 5000): Promise<SseEvent> => {
    const deadline = Date.now() + timeoutMs;
    while (!queue.length) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("no SSE event in time");
      let timer: ReturnType<typeof setTimeout> | undefined;
      const r = await Promise.race([reader.read(), new Promise<null>((res) => { timer = setTimeout(() => res(null), left); })]);
      clearTimeout(timer);
      if (r === null) throw new Error("no SSE event in time");
      if (r.done) throw new Error("SSE stream ended");
      buf += decoder.decode(r.value, { stream: true });
      parse();
    }
    return queue.shift()!;
  };
  return {
    response,
    next,
    async nextMessage(timeoutMs = 5000) {
      for (;;) { const e = await next(timeoutMs); if (e.event === "message") return e; }
    },
    close: () => ac.abort(),
  };
}

/** Yields to the event loop until cond() holds (no fixed sleeps); fails after timeoutMs. */
export async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setImmediate(r));
  }
}
