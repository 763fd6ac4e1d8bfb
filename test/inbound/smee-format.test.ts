import { describe, expect, test } from "bun:test";
import { smeeMessage } from "../../src/inbound/smee-format";
import { encodeBody, decodeBody } from "../../src/inbound/body-encoding";
import type { CapturedEvent } from "../../src/inbound/event-bus";

const ev = (body: string, headers: [string, string][]): CapturedEvent => ({
  seq: 3, id: "msg_1", sourceId: "src_1", method: "POST", path: "/", query: "a=1&b=2", headers, ip: "127.0.0.1",
  contentType: "application/json", body: new TextEncoder().encode(body), status: "accepted", createdAt: 1_700_000_000_000,
});

describe("smeeMessage", () => {
  test("puts headers at the top level with body, query and timestamp, minus hop-by-hop headers", () => {
    const m = JSON.parse(smeeMessage(ev('{"x":1}', [["content-type", "application/json"], ["x-github-event", "push"], ["host", "h"], ["content-length", "7"], ["transfer-encoding", "chunked"]])));
    expect(m).toEqual({ "content-type": "application/json", "x-github-event": "push", body: { x: 1 }, query: { a: "1", b: "2" }, timestamp: 1_700_000_000_000 });
  });

  test("keeps non-JSON bodies as text and an empty body as {} (smee-client cannot send undefined)", () => {
    expect(JSON.parse(smeeMessage(ev("a=b", []))).body).toBe("a=b");
    expect(JSON.parse(smeeMessage(ev("", []))).body).toEqual({});
  });
});

describe("encodeBody", () => {
  test("round-trips UTF-8 text (BOM included) and binary bytes exactly", () => {
    for (const bytes of [new TextEncoder().encode("\uFEFFhé {}"), new Uint8Array([0, 255, 254, 10, 13])]) {
      const e = encodeBody(bytes);
      expect([...decodeBody(e.body, e.bodyEncoding)]).toEqual([...bytes]);
    }
    expect(encodeBody(new Uint8Array([0xff])).bodyEncoding).toBe("base64");
  });
});
