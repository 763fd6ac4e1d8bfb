// messageOutJson is written out by hand for speed: it must say exactly what messageOut says, in
// the key order message answers have always had (payload last), with the stored payload text passed through verbatim.
import { describe, expect, test } from "bun:test";
import { messageOut, messageOutJson } from "../../../src/http/api/serialize";
import type { MessageRow } from "../../../src/store/messages";

const row = (over: Partial<MessageRow> = {}): MessageRow => ({
  id: "msg_2pQz8XkY3bN7cLmVw1RtUe9sAoG", appId: "app_1", eventType: "invoice.paid", eventId: null,
  channels: null, tags: null, payload: '{"a":1}', createdAt: Date.UTC(2026, 10, 27, 12, 0, 0, 123), deliverAt: null, ...over,
});

function expectSameAsMessageOut(m: MessageRow, withContent: boolean) {
  const text = messageOutJson(m, withContent);
  const parsed = JSON.parse(text);
  // Payload last, as withPayloadJson has always spliced it in (the key order of every message answer).
  const { payload: _none, ...head } = messageOut({ ...m, payload: null }, false);
  const expected = { ...head, payload: withContent && m.payload !== null ? JSON.parse(m.payload) : {} };
  expect(parsed).toEqual(expected);
  expect(Object.keys(parsed)).toEqual(Object.keys(expected));
  return text;
}

describe("messageOutJson", () => {
  test("says what messageOut says, in its key order, for bare and fully set messages, with and without content", () => {
    for (const withContent of [true, false]) {
      expectSameAsMessageOut(row(), withContent);
      expectSameAsMessageOut(row({
        eventId: "evt-\"quoted\"\\back", channels: ["project_1", "ünï"], tags: ["a", "b\u2028c"],
        deliverAt: Date.UTC(2026, 11, 1), payload: '{"nested":{"x":[1,2,{"y":null}]},"s":"line\\nbreak"}',
      }), withContent);
    }
  });

  test("keeps the payload's text byte for byte (big integers, 1.10, 1e2) and answers {} for an expunged one", () => {
    const text = expectSameAsMessageOut(row({ payload: '{"big":12345678901234567890,"f":1.10,"e":1e2}' }), true);
    expect(text.endsWith(',"payload":{"big":12345678901234567890,"f":1.10,"e":1e2}}')).toBe(true);
    expect(messageOutJson(row({ payload: null }), true).endsWith(',"payload":{}}')).toBe(true);
  });

  test("gives each millisecond its own timestamp when messages alternate between two", () => {
    const a = row({ createdAt: 1_000 }), b = row({ createdAt: 2_000 });
    for (let i = 0; i < 3; i++) {
      expect(JSON.parse(messageOutJson(a)).timestamp).toBe("1970-01-01T00:00:01.000Z");
      expect(JSON.parse(messageOutJson(b)).timestamp).toBe("1970-01-01T00:00:02.000Z");
    }
  });
});
