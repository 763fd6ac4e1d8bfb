// Baseline: the smallest possible relay — receive a POST, forward its body to the target over a
// kept-alive connection, answer once the target has answered. No persistence, no signing, no retries.
// Argument: the target URL. Reports its port over IPC.
const target = process.argv[2];
if (!target?.startsWith("http://127.0.0.1:")) throw new Error("forwarder: target must be a loopback http URL");

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  idleTimeout: 120,
  async fetch(req) {
    const body = await req.arrayBuffer();
    const res = await fetch(target, { method: "POST", body, headers: { "content-type": req.headers.get("content-type") ?? "application/json" } });
    await res.arrayBuffer();
    return new Response(null, { status: res.ok ? 202 : 502 });
  },
});
process.send!({ ready: true, port: server.port });
