// Bodies in JSON API output: UTF-8 text when the bytes are valid UTF-8 (round-trips exactly, BOM kept),
// else base64. `bodyEncoding` says which, so clients can rebuild the exact bytes.
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function encodeBody(bytes: Uint8Array): { body: string; bodyEncoding: "utf8" | "base64" } {
  try { return { body: strict.decode(bytes), bodyEncoding: "utf8" }; } catch {
    return { body: Buffer.from(bytes).toString("base64"), bodyEncoding: "base64" };
  }
}

export function decodeBody(body: string, encoding: string): Uint8Array<ArrayBuffer> {
  return encoding === "base64" ? new Uint8Array(Buffer.from(body, "base64")) : new TextEncoder().encode(body);
}
