/**
 * Sender behaviour against real loopback receivers: pinning and Host, redirects, the
 * total deadline, bounded bodies, connection failures, keep-alive, and "never throws".
 */
import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { CancelGroup, createSender, type DestinationPolicy, type SendRequest } from "../../../src/delivery/net/index.ts";
import { fakeResolver } from "./helpers/fake-resolver.ts";
import { loopbackGuard, type Guard } from "./helpers/loopback-guard.ts";
import { ipv6LoopbackAvailable, Receivers } from "./helpers/receivers.ts";

const POLICY: DestinationPolicy = { allowPrivate: false, allowCidrs: ["127.0.0.1/32", "::1/128"], httpsOnly: false };
const req = (url: string, extra: Partial<SendRequest> = {}): SendRequest => ({
  url, headers: {}, body: "", timeoutMs: 3000, maxResponseBytes: 64 * 1024, ...extra,
});
const dns = fakeResolver({ "hooks.test": ["127.0.0.1"], "v6.test": ["::1"] });

const receivers = new Receivers();
// Slow handlers park on this instead of sleeping, so afterAll can release them at once.
const release = Promise.withResolvers<void>();
const park = (maxMs: number) => Promise.race([release.promise, Bun.sleep(maxMs)]);
let guard: Guard;
let send: ReturnType<typeof createSender>;

beforeEach(() => {
  guard = loopbackGuard();
  send = createSender({ policy: POLICY, transport: guard.transport, resolver: dns.resolve });
});
afterEach(() => expect(guard.violations).toEqual([]));
afterAll(() => {
  release.resolve();
  receivers.stopAll();
});

const echo = receivers.http(async (r, srv) =>
  Response.json(
    { method: r.method, host: r.headers.get("host"), body: await r.text(), token: r.headers.get("x-token"), peerPort: srv.requestIP(r)?.port },
    { headers: { "x-receiver": "echo" } },
  ),
);

describe("createSender: success path", () => {
  test("dials the resolved IP and keeps the original Host header", async () => {
    const r = await send(req(`http://hooks.test:${echo.port}/in?x=1`, { body: '{"a":1}', headers: { "x-token": "t" } }));
    expect(r).toMatchObject({ status: 200, errorClass: null, error: null, remoteAddress: "127.0.0.1", bodyTruncated: false });
    expect(JSON.parse(r.body)).toMatchObject({ method: "POST", host: `hooks.test:${echo.port}`, body: '{"a":1}', token: "t" });
    expect(r.headers["x-receiver"]).toBe("echo");
    expect(guard.calls[0].url).toBe(`http://127.0.0.1:${echo.port}/in?x=1`);
    expect(guard.calls[0].init.tls).toBeUndefined();
  });

  test("a caller-supplied Host header cannot override the URL's host", async () => {
    const r = await send(req(`http://hooks.test:${echo.port}/`, { headers: { Host: "internal.admin" } }));
    expect(JSON.parse(r.body).host).toBe(`hooks.test:${echo.port}`);
  });

  test("GET is sent without a body; binary bodies go out byte for byte", async () => {
    const get = await send(req(`http://127.0.0.1:${echo.port}/`, { method: "GET", body: "ignored" }));
    expect(JSON.parse(get.body)).toMatchObject({ method: "GET", body: "" });
    const bin = await send(req(`http://127.0.0.1:${echo.port}/`, { method: "PUT", body: new TextEncoder().encode("héllo") }));
    expect(JSON.parse(bin.body)).toMatchObject({ method: "PUT", body: "héllo" });
  });

  test.skipIf(!ipv6LoopbackAvailable())("reaches an IPv6 receiver by literal and by name", async () => {
    const v6 = receivers.http(() => new Response("v6"), { hostname: "::1" });
    expect(await send(req(`http://[::1]:${v6.port}/`))).toMatchObject({ status: 200, body: "v6", remoteAddress: "::1" });
    expect(await send(req(`http://v6.test:${v6.port}/`))).toMatchObject({ status: 200, body: "v6", remoteAddress: "::1" });
    expect(guard.calls[1].url).toBe(`http://[::1]:${v6.port}/`);
  });

  test("reuses the keep-alive connection across sends", async () => {
    const ports = new Set<number>();
    for (let i = 0; i < 3; i++) ports.add(JSON.parse((await send(req(`http://hooks.test:${echo.port}/`))).body).peerPort);
    expect(ports.size).toBe(1);
  });

  test("a 3xx comes back as the result and the Location is never fetched", async () => {
    let targetHits = 0;
    const target = receivers.http(() => (targetHits++, new Response("followed")));
    const redirector = receivers.http(() => new Response("moved", { status: 307, headers: { location: `http://127.0.0.1:${target.port}/` } }));
    const r = await send(req(`http://127.0.0.1:${redirector.port}/`));
    expect(r).toMatchObject({ status: 307, body: "moved", errorClass: null });
    expect(targetHits).toBe(0);
  });

  test("durationMs comes from the injected clock", async () => {
    const ticks = [1000, 1250];
    const timed = createSender({ policy: POLICY, transport: guard.transport, now: () => ticks.shift() ?? 9999 });
    expect((await timed(req(`http://127.0.0.1:${echo.port}/`))).durationMs).toBe(250);
  });
});

describe("createSender: deadline", () => {
  test("headers that arrive after the deadline are a timeout", async () => {
    const slow = receivers.http(async () => (await park(5000), new Response("late")));
    const started = performance.now();
    const r = await send(req(`http://127.0.0.1:${slow.port}/`, { timeoutMs: 300 }));
    const took = performance.now() - started;
    expect(r).toMatchObject({ status: null, errorClass: "timeout", error: "timed out after 300 ms waiting for response headers" });
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(2000);
  });

  test("a body trickling one byte at a time hits the same total deadline", async () => {
    const trickle = receivers.http(() => {
      let sent = 0;
      const stream = new ReadableStream({
        async pull(c) {
          await park(50);
          if (sent++ >= 100) c.close(); // bounded: 5 s worst case
          else c.enqueue(new Uint8Array([120]));
        },
      });
      return new Response(stream);
    });
    const started = performance.now();
    const r = await send(req(`http://127.0.0.1:${trickle.port}/`, { timeoutMs: 400 }));
    expect(r).toMatchObject({ status: 200, errorClass: "timeout", error: "timed out after 400 ms reading the response body" });
    expect(r.body).toMatch(/^x+$/);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("createSender: cancel groups", () => {
  test("requests sent together under one group leave it when they end: none counted, and no deadline timer left once it is cancelled", async () => {
    const group = new CancelGroup();
    const rs = await Promise.all(Array.from({ length: 20 }, (_, i) => send(req(`http://127.0.0.1:${echo.port}/`, { body: `n${i}`, cancel: group }))));
    expect(rs.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(rs.map((r) => JSON.parse(r.body).body)).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`));
    expect(group.size).toBe(0);
    expect(group.shares).toBeLessThanOrEqual(1); // only the share still open to newcomers
    group.cancel("done");
    expect(group.shares).toBe(0);
  });

  test("cancelling the group ends the requests still out as timeouts that give the reason; a request sent after it runs normally", async () => {
    let arrived = 0;
    const allIn = Promise.withResolvers<void>();
    const hang = receivers.http(async () => { if (++arrived === 3) allIn.resolve(); await park(5000); return new Response("late"); });
    const group = new CancelGroup();
    const out = [1, 2, 3].map(() => send(req(`http://127.0.0.1:${hang.port}/`, { timeoutMs: 10_000, cancel: group })));
    await allIn.promise;
    expect(group.size).toBe(3);
    group.cancel("the endpoint stopped answering");
    for (const r of await Promise.all(out)) {
      expect(r).toMatchObject({ status: null, errorClass: "timeout" });
      expect(r.error).toContain("cut short");
      expect(r.error).toContain("the endpoint stopped answering");
    }
    expect(await send(req(`http://127.0.0.1:${echo.port}/`, { cancel: group }))).toMatchObject({ status: 200, errorClass: null });
    expect(group.size).toBe(0);
  });
});

describe("createSender: response size cap", () => {
  test("a huge response is stored capped and the stream is abandoned, not drained", async () => {
    const MiB = 1024 * 1024;
    const chunk = new Uint8Array(MiB).fill(97);
    let produced = 0;
    // Settles when the server stops producing: the sender hung up (cancel) or everything was read (close).
    let ended!: (how: string) => void;
    const end = new Promise<string>((resolve) => { ended = resolve; });
    const huge = receivers.http(() => {
      const stream = new ReadableStream({
        pull(c) {
          if (produced >= 64) { ended("read to the end"); return c.close(); } // 64 MiB if anyone read it all
          produced++;
          c.enqueue(chunk);
        },
        cancel() { ended("cancelled"); },
      });
      return new Response(stream);
    });
    const r = await send(req(`http://127.0.0.1:${huge.port}/`, { maxResponseBytes: MiB }));
    expect(r).toMatchObject({ status: 200, errorClass: null, bodyTruncated: true });
    expect(r.body.length).toBe(MiB);
    expect(await end).toBe("cancelled"); // the server noticed the dropped connection
    expect(produced).toBeLessThan(32);
  });

  test("a chunked body (no Content-Length) is read to the cap and truncated past it", async () => {
    const chunked = receivers.tcp((s) => {
      s.write("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
    });
    const whole = await send(req(`http://127.0.0.1:${chunked.port}/`, { maxResponseBytes: 100 }));
    expect(whole).toMatchObject({ status: 200, errorClass: null, body: "hello world", bodyTruncated: false });
    const capped = await send(req(`http://127.0.0.1:${chunked.port}/`, { maxResponseBytes: 7 }));
    expect(capped).toMatchObject({ status: 200, errorClass: null, body: "hello w", bodyTruncated: true });
  });

  test("a body of exactly the cap is complete; one byte over is truncated", async () => {
    const sized = receivers.http(() => new Response("y".repeat(1000)));
    const exact = await send(req(`http://127.0.0.1:${sized.port}/`, { maxResponseBytes: 1000 }));
    expect(exact).toMatchObject({ bodyTruncated: false });
    expect(exact.body.length).toBe(1000);
    const over = await send(req(`http://127.0.0.1:${sized.port}/`, { maxResponseBytes: 999 }));
    expect(over).toMatchObject({ bodyTruncated: true, errorClass: null });
    expect(over.body.length).toBe(999);
  });
});

describe("createSender: connection failures", () => {
  test("a closed port is connection_refused", async () => {
    const r = await send(req(`http://127.0.0.1:${receivers.closedPort()}/`));
    expect(r).toMatchObject({ status: null, errorClass: "connection_refused", remoteAddress: "127.0.0.1" });
    expect(r.error).not.toContain("verbose");
  });

  test("a peer that drops the connection before answering is connection_reset", async () => {
    const rude = receivers.tcp((s) => s.terminate());
    const r = await send(req(`http://127.0.0.1:${rude.port}/`));
    expect(r.status).toBeNull();
    expect(["connection_reset", "network"]).toContain(r.errorClass!);
  });

  test("a reset mid-body of a chunked answer keeps the status and the bytes that arrived", async () => {
    const cut = receivers.tcp((s) => {
      s.write("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n");
      setTimeout(() => s.terminate(), 30);
    });
    const r = await send(req(`http://127.0.0.1:${cut.port}/`));
    expect(r).toMatchObject({ status: 200, body: "abc" });
    expect(["connection_reset", "network"]).toContain(r.errorClass!);
  });

  test("a reset before a Content-Length body is complete keeps the status and reports the failure", async () => {
    // A body with a length within the cap is read whole by the runtime: what arrived before the
    // reset is not kept (read-capped.ts, readResponse), the status and the error are.
    const cut = receivers.tcp((s) => {
      s.write("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nabc");
      setTimeout(() => s.terminate(), 30);
    });
    const r = await send(req(`http://127.0.0.1:${cut.port}/`));
    expect(r).toMatchObject({ status: 200, body: "", bodyTruncated: false });
    expect(["connection_reset", "network"]).toContain(r.errorClass!);
  });
});

describe("createSender: several checked addresses", () => {
  // 127.0.0.2 is loopback with no listener on these ports: connecting there is refused at once.
  const allLoopback: DestinationPolicy = { allowPrivate: false, allowCidrs: ["127.0.0.0/8"], httpsOnly: false };
  const sendVia = (answers: string[]) => {
    const r = fakeResolver({ "multi.test": answers });
    return { resolver: r, send: createSender({ policy: allLoopback, transport: guard.transport, resolver: r.resolve }) };
  };

  test("when the first address refuses the connection, the next one gets the request, pinned, with the original Host", async () => {
    const { send: s, resolver } = sendVia(["127.0.0.2", "127.0.0.1"]);
    const r = await s(req(`http://multi.test:${echo.port}/in`, { body: "x" }));
    expect(r).toMatchObject({ status: 200, errorClass: null, remoteAddress: "127.0.0.1" });
    expect(JSON.parse(r.body)).toMatchObject({ host: `multi.test:${echo.port}`, body: "x" });
    expect(guard.calls.map((c) => c.url)).toEqual([`http://127.0.0.2:${echo.port}/in`, `http://127.0.0.1:${echo.port}/in`]);
    expect(resolver.calls).toEqual(["multi.test"]);
  });

  test("when every address refuses, the result is connection_refused naming the last one tried", async () => {
    const port = receivers.closedPort();
    const { send: s } = sendVia(["127.0.0.2", "127.0.0.1"]);
    expect(await s(req(`http://multi.test:${port}/`))).toMatchObject({ status: null, errorClass: "connection_refused", remoteAddress: "127.0.0.1" });
    expect(guard.calls).toHaveLength(2);
  });

  test("a timeout is not retried on the next address: the request may already have been sent", async () => {
    const silent = receivers.tcp(() => {});
    const { send: s } = sendVia(["127.0.0.1", "127.0.0.2"]);
    const r = await s(req(`http://multi.test:${silent.port}/`, { body: "once", timeoutMs: 300 }));
    expect(r.errorClass).toBe("timeout");
    expect(guard.calls.map((c) => c.url)).toEqual([`http://127.0.0.1:${silent.port}/`]);
  });

  test("a connection dropped after it was made is not retried on the next address", async () => {
    const rude = receivers.tcp((sock) => sock.terminate());
    const { send: s } = sendVia(["127.0.0.1", "127.0.0.2"]);
    const r = await s(req(`http://multi.test:${rude.port}/`));
    expect(r.status).toBeNull();
    expect(guard.calls).toHaveLength(1);
  });
});

describe("createSender: never throws", () => {
  test("bad headers, throwing transports and resolvers, and odd timeouts become results", async () => {
    const bad = await send(req(`http://127.0.0.1:${echo.port}/`, { headers: { "x-bad": "a\nb" } }));
    expect(bad.errorClass).toBe("network");
    const boom = createSender({ policy: POLICY, transport: () => { throw "not even an Error"; }, resolver: () => { throw new Error("sync"); } });
    expect((await boom(req("http://127.0.0.1:1/"))).errorClass).toBe("network");
    expect((await boom(req("http://hooks.test/"))).errorClass).toBe("dns");
    // A nonsense deadline is clamped to 1 ms rather than meaning "no deadline".
    const nan = await send(req(`http://127.0.0.1:${echo.port}/`, { timeoutMs: Number.NaN }));
    expect(typeof nan.durationMs).toBe("number");
  });
});

describe("loopbackGuard", () => {
  test("records and refuses non-loopback targets and non-manual redirects", async () => {
    const g = loopbackGuard();
    await expect(g.transport("http://10.0.0.1/", { redirect: "manual" })).rejects.toThrow("loopback guard");
    await expect(g.transport("http://example.com/", { redirect: "manual" })).rejects.toThrow("loopback guard");
    await expect(g.transport(`http://127.0.0.1:${echo.port}/`, { redirect: "follow" })).rejects.toThrow("loopback guard");
    expect(g.violations).toHaveLength(3);
    expect(g.calls).toHaveLength(0);
  });
});
