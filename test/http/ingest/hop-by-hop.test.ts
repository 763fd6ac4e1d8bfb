// Headers the sender's `Connection` header names are hop-by-hop for that request (RFC 9110 §7.6.1):
// like Connection itself they are recorded but never passed on, whether by forwarding, the smee
// stream or `hookrelay listen`.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect } from "node:net";
import { createTestApp, type TestApp } from "../../helpers/test-app";
import { startReceiver, type Receiver } from "../../helpers/receiver";
import { deliveryEngine } from "../../../src/delivery";
import { forward } from "../../../src/inbound/listen/forwarder";
import { captured, makeEndpoint, makeSource } from "./helpers";
import { openSse } from "./sse";

let t: TestApp;
let rx: Receiver;
beforeAll(async () => {
  t = await createTestApp({ env: { HOOKRELAY_ALLOW_PRIVATE_DESTINATIONS: "true" } });
  rx = startReceiver();
});
afterAll(async () => { rx.close(); await t.close(); });

/** fetch() manages Connection itself, so the request is written by hand on a raw socket. */
function rawPost(url: string, headers: string[], body: string): Promise<string> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname, () => {
      socket.write([`POST ${u.pathname} HTTP/1.1`, `Host: ${u.host}`, ...headers, `Content-Length: ${Buffer.byteLength(body)}`, "", body].join("\r\n"));
    });
    let answer = "";
    socket.setTimeout(5000, () => { socket.destroy(); reject(new Error("no answer")); });
    socket.on("data", (d) => {
      answer += d.toString();
      // One answer is enough; the connection is kept alive, so do not wait for it to close.
      if (/\r\n\r\n[\s\S]*\}/.test(answer)) { socket.end(); resolve(answer); }
    });
    socket.on("error", reject);
  });
}

describe("headers named in Connection", () => {
  test("are dropped before forwarding, streaming and listen, while other provider headers travel on", async () => {
    const src = await makeSource(t, { type: "generic-webhook" });
    await makeEndpoint(t, src.id, { url: `${rx.url}/fwd` });
    const sse = await openSse(src.streamUrl);
    try {
      await sse.next();
      const answer = await rawPost(src.ingestUrl, ["Content-Type: application/json", "Connection: keep-alive, X-Hop, x-other-hop", "X-Hop: v", "X-Other-Hop: w", "X-Keep: k"], '{"n":1}');
      expect(answer).toStartWith("HTTP/1.1 200");
      const id = /"id":"([^"]+)"/.exec(answer)![1];

      const [got] = await rx.waitFor(1);
      await deliveryEngine(t.app.ctx).idle();
      expect(got.headers["x-keep"]).toBe("k");
      expect(got.headers["x-hop"]).toBeUndefined();
      expect(got.headers["x-other-hop"]).toBeUndefined();

      const streamed = JSON.parse((await sse.nextMessage()).data);
      expect(streamed["x-keep"]).toBe("k");
      expect(streamed["x-hop"]).toBeUndefined();
      expect(streamed["x-other-hop"]).toBeUndefined();

      // The captured request still shows what arrived; `hookrelay listen` forwards it without them.
      const c = await captured(t, src.id, id);
      expect(c.headers).toContainEqual(["x-hop", "v"]);
      const local = await forward(`${rx.url}/local`, { ...c, cursor: c.cursor }, 5000);
      expect(local.ok).toBe(true);
      expect(local.sentHeaders["x-keep"]).toBe("k");
      expect(Object.keys(local.sentHeaders).map((k) => k.toLowerCase())).not.toContain("x-hop");
      const [, second] = await rx.waitFor(2);
      expect(second.headers["x-hop"]).toBeUndefined();
    } finally { sse.close(); }
  });
});
