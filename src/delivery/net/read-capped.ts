/**
 * Reads a response body while keeping at most `maxBytes` of it in memory.
 *
 * Receivers are untrusted: a 1 GB (or endless) reply must cost us at most the cap plus one
 * network chunk, so the stream is cancelled as soon as the cap is passed instead of being
 * drained. Cancelling drops the connection from the keep-alive pool, which is the price.
 */

export interface CappedBody {
  bytes: Uint8Array;
  truncated: boolean;
  /** Set when the stream failed part-way; `bytes` holds what arrived before that. */
  error?: unknown;
}

/**
 * The response's body, at most `maxBytes` of it. A body that announces a Content-Length within the
 * cap is read whole by the runtime (`bytes()`): the client frames it by that length, so it cannot
 * grow past it, and it skips the ReadableStream reader, whose promise-per-chunk machinery was
 * about 2 % of the relay's main thread per delivery. Anything else (chunked, over the cap, no
 * length) is streamed through readCapped.
 */
export async function readResponse(res: Response, maxBytes: number): Promise<CappedBody> {
  const announced = res.headers.get("content-length");
  if (announced !== null && res.body && !res.bodyUsed) {
    const n = Number(announced);
    if (Number.isSafeInteger(n) && n >= 0 && n <= maxBytes) {
      try {
        return { bytes: await res.bytes(), truncated: false };
      } catch (error) {
        return { bytes: new Uint8Array(0), truncated: false, error };
      }
    }
  }
  return readCapped(res.body, maxBytes);
}

export async function readCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<CappedBody> {
  if (!body) return { bytes: new Uint8Array(0), truncated: false };
  const cap = Math.max(0, Math.floor(maxBytes));
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let truncated = false;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!value || value.byteLength === 0) continue;
      const room = cap - kept;
      if (value.byteLength > room) {
        if (room > 0) chunks.push(value.subarray(0, room));
        kept += Math.max(0, room);
        truncated = true;
        // Not awaited: a hostile peer must not be able to stall us in cancel().
        reader.cancel().catch(() => {});
        break;
      }
      chunks.push(value);
      kept += value.byteLength;
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    return { bytes: concat(chunks, kept), truncated, error };
  }
  return { bytes: concat(chunks, kept), truncated };
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
