import { describe, test, expect, beforeAll, afterAll } from "bun:test";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { apiFixture, apiError, locs, deliverNow, type ApiFixture } from "./helpers";
import { startReceiver, type Receiver } from "../../helpers/receiver";
import { jsonMemberText } from "../../../src/lib/json-member";

let f: ApiFixture;
let rx: Receiver;
let secret: string;
beforeAll(async () => {
  f = await apiFixture();
  // The receiver checks webhook-timestamp against real time: run the fake clock from now.
  f.t.clock.set(Date.now());
  rx = startReceiver();
  await f.svix.application.create({ name: "Bytes", uid: "bytes" });
  const ep = await f.svix.endpoint.create("bytes", { url: `${rx.url}/hook` });
  secret = (await f.svix.endpoint.getSecret("bytes", ep.id)).key;
});
afterAll(async () => { rx.close(); await f.close(); });

// What JSON.parse + JSON.stringify would rewrite: a 2^53+1 integer, a trailing zero, an exponent,
// an out-of-range number, unicode escapes, and the client's own spacing.
const PAYLOAD = `{ "id": 9007199254740993, "amount": 1.10, "exp": 1e2, "huge": 1e400, "name": "caf\\u00e9 \\ud83d\\ude00", "nested": {"a": [1.0, -0.0]} }`;

describe("message payload bytes", () => {
  test("the receiver gets exactly the payload text the client sent, signed over those bytes", async () => {
    const res = await f.t.api("/api/v1/app/bytes/msg", { body: `{"eventType":"money.moved","payload":${PAYLOAD},"tags":["t"]}` });
    expect(res.status).toBe(202);
    const created = await res.text();
    expect(created).toContain(`"payload":${PAYLOAD}`);
    await deliverNow(f);
    const [got] = await rx.waitFor(1);
    expect(got.body).toBe(PAYLOAD);
    // Verifies over the raw body; the parsed value is whatever the receiver's parser makes of it.
    expect(() => new StandardWebhook(secret).verify(got.body, got.headers)).not.toThrow();
  });

  test("get and list with content return the payload as JSON, byte for byte", async () => {
    const msg = await f.svix.message.create("bytes", { eventType: "money.moved", payload: { ok: true } });
    const sent = `{"eventType":"money.moved","payload":${PAYLOAD}}`;
    const id = (await (await f.t.api("/api/v1/app/bytes/msg", { body: sent })).json()).id;
    const one = await (await f.t.api(`/api/v1/app/bytes/msg/${id}`)).text();
    expect(one).toContain(`"payload":${PAYLOAD}`);
    expect(JSON.parse(one).payload.amount).toBe(1.1);
    const list = await (await f.t.api("/api/v1/app/bytes/msg?limit=250")).text();
    expect(list).toContain(`"payload":${PAYLOAD}`);
    expect(JSON.parse(list).data.map((m: { id: string }) => m.id)).toContain(msg.id);
    expect((await f.svix.message.get("bytes", msg.id)).payload).toEqual({ ok: true });
    expect((await f.svix.message.get("bytes", id, { withContent: false })).payload).toEqual({});
  });

  test("a payload that is not a JSON object is a 422 on body.payload", async () => {
    for (const p of ["[1,2]", '"text"', "42", "null", "true"]) {
      const res = await f.t.api("/api/v1/app/bytes/msg", { body: `{"eventType":"a.b","payload":${p}}` });
      expect({ p, status: res.status }).toEqual({ p, status: 422 });
      expect(locs(await res.json())).toEqual([["body", "payload"]]);
    }
    expect(locs(await apiError(f.svix.message.create("bytes", { eventType: "a.b", payload: [1] as never }), 422))).toEqual([["body", "payload"]]);
  });
});

describe("jsonMemberText", () => {
  test("returns the raw text of a top-level member, the last of duplicates, with escaped keys and tricky strings", () => {
    expect(jsonMemberText(`{"a":1,"payload":{"x":"}\\"{"},"b":2}`, "payload")).toBe(`{"x":"}\\"{"}`);
    expect(jsonMemberText(` {"payload" : [1, {"p":"\\\\"}] } `, "payload")).toBe(`[1, {"p":"\\\\"}]`);
    expect(jsonMemberText(`{"pay\\u006coad":1.50,"payload2":3}`, "payload")).toBe("1.50");
    expect(jsonMemberText(`{"payload":1,"payload":2e0}`, "payload")).toBe("2e0");
    expect(jsonMemberText(`{"nested":{"payload":1}}`, "payload")).toBeUndefined();
    expect(jsonMemberText(`[{"payload":1}]`, "payload")).toBeUndefined();
  });
});
