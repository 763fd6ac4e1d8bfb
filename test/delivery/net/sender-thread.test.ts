// The delivery sender on its own thread: same results as the in-thread sender, batched both ways,
// and never a request left unsettled (timeout, close). Every request goes to a loopback receiver.
import { afterEach, describe, expect, test } from "bun:test";
import { createThreadedSender, type ThreadedSender } from "../../../src/delivery/net/sender-thread";
import { startReceiver, type Receiver } from "../../helpers/receiver";

const open: { close(): void }[] = [];
afterEach(() => { for (const o of open.splice(0)) o.close(); });

const allowLoopback = { allowPrivate: true, allowCidrs: [], httpsOnly: false };
const defaultPolicy = { allowPrivate: false, allowCidrs: [], httpsOnly: false };

function sender(policy = allowLoopback): { s: ThreadedSender; failures: unknown[] } {
  const failures: unknown[] = [];
  const s = createThreadedSender(policy, (e) => failures.push(e));
  open.push(s);
  return { s, failures };
}

function receiver(): Receiver {
  const r = startReceiver();
  open.push(r);
  return r;
}

const req = (url: string, extra: Partial<Parameters<ThreadedSender["send"]>[0]> = {}) => ({
  url, headers: { "content-type": "application/json", "webhook-id": "msg_1" }, body: new TextEncoder().encode('{"a":1}'),
  timeoutMs: 5_000, maxResponseBytes: 1024, ...extra,
});

describe("threaded sender", () => {
  test("sends from the thread and returns the receiver's status, headers and body, with the request arriving byte for byte", async () => {
    const r = receiver();
    r.respond(() => new Response("accepted", { status: 202, headers: { "x-receiver": "yes" } }));
    const { s, failures } = sender();
    const res = await s.send(req(`${r.url}/hook?x=1`));
    expect(res).toMatchObject({ status: 202, body: "accepted", bodyTruncated: false, errorClass: null, error: null, remoteAddress: "127.0.0.1" });
    expect(res.headers["x-receiver"]).toBe("yes");
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]).toMatchObject({ method: "POST", path: "/hook?x=1", body: '{"a":1}' });
    expect(r.requests[0].headers["webhook-id"]).toBe("msg_1");
    expect(s.fellBack).toBe(false);
    expect(failures).toEqual([]);
  });

  test("sends started together each get their own answer back", async () => {
    const r = receiver();
    const { s } = sender();
    const n = 60;
    // Paths differ per request; the receiver echoes nothing, so the answer must be matched by id.
    r.fallback = () => new Response(String(r.requests.at(-1)!.path));
    const results = await Promise.all(Array.from({ length: n }, (_, i) => s.send(req(`${r.url}/p/${i}`))));
    expect(results.every((x) => x.status === 200)).toBe(true);
    expect(new Set(results.map((x) => x.body)).size).toBe(n);
    expect(r.requests).toHaveLength(n);
    expect(s.pending).toBe(0);
  });

  test("bodies arrive byte for byte whether they are UTF-8 text (with a BOM) or not, also mixed in one batch", async () => {
    const r = receiver();
    const { s } = sender();
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"é":"ü"}')]);
    const binary = new Uint8Array([0x00, 0xff, 0xfe, 0x80, 0xc3, 0x28, 0x7b]);
    const [a, b] = await Promise.all([s.send(req(`${r.url}/bom`, { body: bom })), s.send(req(`${r.url}/bin`, { body: binary }))]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const byPath = Object.fromEntries(r.requests.map((x) => [x.path, x.raw]));
    expect([...byPath["/bom"]]).toEqual([...bom]);
    expect([...byPath["/bin"]]).toEqual([...binary]);
  });

  test("one payload fanned out to several URLs in one batch arrives intact at each", async () => {
    const r = receiver();
    const { s } = sender();
    const shared = new TextEncoder().encode(JSON.stringify({ big: "ü".repeat(2000) }));
    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => s.send(req(`${r.url}/ep/${i}`, { body: shared }))));
    expect(results.every((x) => x.status === 200)).toBe(true);
    expect(r.requests).toHaveLength(5);
    for (const got of r.requests) expect(Buffer.from(got.raw).equals(Buffer.from(shared))).toBe(true);
  });

  test("keeps the SSRF policy: a loopback destination is refused under the default policy and nothing is sent", async () => {
    const r = receiver();
    const { s } = sender(defaultPolicy);
    const res = await s.send(req(`${r.url}/hook`));
    expect(res.errorClass).toBe("blocked");
    expect(res.status).toBeNull();
    expect(r.requests).toHaveLength(0);
  });

  test("caps the response body it keeps", async () => {
    const r = receiver();
    r.respond(() => new Response("x".repeat(5000)));
    const { s } = sender();
    const res = await s.send(req(`${r.url}/big`, { maxResponseBytes: 100 }));
    expect(res.body).toHaveLength(100);
    expect(res.bodyTruncated).toBe(true);
  });

  test("a receiver that holds the request past its timeout gives a timeout result", async () => {
    const r = receiver();
    const release = r.hold(() => new Response("late"));
    const { s } = sender();
    const res = await s.send(req(`${r.url}/slow`, { timeoutMs: 150 }));
    release();
    expect(res.errorClass).toBe("timeout");
    expect(s.pending).toBe(0);
  });

  test("a thread that cannot start is reported once and every request is sent from the calling thread instead", async () => {
    const r = receiver();
    const failures: unknown[] = [];
    let failed!: () => void;
    const reported = new Promise<void>((ok) => { failed = ok; });
    const s = createThreadedSender(allowLoopback, (e) => { failures.push(e); failed(); }, () => {}, new URL("./no-such-worker.ts", import.meta.url).href);
    open.push(s);
    const first = s.send(req(`${r.url}/first`));
    await reported;
    // The request handed over before the failure settles as a network failure (retried like any other)…
    expect(await first).toMatchObject({ status: null, errorClass: "network" });
    expect((await first).error).toContain("stopped before answering");
    // …and later ones go out from the calling thread.
    const later = await s.send(req(`${r.url}/later`));
    expect(later).toMatchObject({ status: 200, errorClass: null });
    expect(s.fellBack).toBe(true);
    expect(failures).toHaveLength(1);
    expect(r.requests.map((x) => x.path)).toContain("/later");
  });

  test("close() settles a request still open as a failure, and later sends fail instead of hanging", async () => {
    const r = receiver();
    const release = r.hold(() => new Response("late"));
    const { s } = sender();
    const pending = s.send(req(`${r.url}/slow`));
    await r.waitFor(1);
    s.close();
    const res = await pending;
    release();
    expect(res.errorClass).toBe("network");
    expect(res.error).toContain("shutting down");
    const after = await s.send(req(`${r.url}/after`));
    expect(after.errorClass).toBe("network");
    expect(r.requests).toHaveLength(1);
  });
});
