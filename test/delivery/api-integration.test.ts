// The engine behind the real message API and svix SDK: what the API commits goes out via the
// wake, and what the engine decides (410 → disabled) is what the API shows and fans out to next.
import { afterEach, describe, expect, test } from "bun:test";
import { Webhook } from "svix";
import { apiFixture, type ApiFixture } from "../http/api/helpers";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { deliveryEngine } from "../../src/delivery";

let f: ApiFixture;
let rx: Receiver;
afterEach(async () => { rx?.close(); await f?.close(); });

describe("engine behind the svix-compatible API", () => {
  test("a message created with the svix SDK is delivered through the wake and verifies; after a 410 the endpoint is disabled and gets no more messages", async () => {
    f = await apiFixture();
    f.t.clock.set(Date.now());
    rx = startReceiver();
    const app = await f.svix.application.create({ name: "acme" });
    const ep = await f.svix.endpoint.create(app.id, { url: `${rx.url}/hook` });
    const { key } = await f.svix.endpoint.getSecret(app.id, ep.id);
    rx.respond(new Response("bye", { status: 410 }));

    const msg = await f.svix.message.create(app.id, { eventType: "user.created", payload: { id: 1 } });
    const [req] = await rx.waitFor(1, 5_000); // no tick: the API's commit woke the engine
    expect(req.headers["webhook-id"]).toBe(msg.id);
    expect(new Webhook(key).verify(req.body, req.headers)).toEqual({ id: 1 });
    await deliveryEngine(f.t.app.ctx).idle();

    expect((await f.svix.endpoint.get(app.id, ep.id)).disabled).toBe(true);
    const second = await f.svix.message.create(app.id, { eventType: "user.created", payload: { id: 2 } });
    expect(f.rows("SELECT * FROM deliveries WHERE message_id = ?", second.id)).toHaveLength(0);
  });
});
