// Crash-test receiver: a separate process the harness never kills. It verifies each delivery's
// Standard Webhooks signature on arrival (timestamps are only fresh then) and appends one JSON
// line per request to --out. POST /__secret sets the endpoint secret before load starts.
//   bun bench/crash/receiver.ts --out deliveries.jsonl
import { appendFileSync } from "node:fs";
import { Webhook } from "standardwebhooks";

const out = process.argv[process.argv.indexOf("--out") + 1];
if (!out || out.startsWith("--")) { console.error("usage: receiver.ts --out FILE"); process.exit(2); }
let verifier: Webhook | null = null;

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  async fetch(req) {
    const url = new URL(req.url);
    if (url.pathname === "/__secret") {
      verifier = new Webhook(await req.text());
      return new Response("ok");
    }
    const body = await req.text();
    const headers = Object.fromEntries(req.headers);
    let sigOk = false;
    try { verifier?.verify(body, headers); sigOk = verifier !== null; } catch { sigOk = false; }
    appendFileSync(out, JSON.stringify({ id: headers["webhook-id"] ?? null, sigOk, body }) + "\n");
    return new Response(null, { status: 204 });
  },
});
console.log(`receiver listening ${server.port}`);
process.on("SIGTERM", () => { server.stop(true); process.exit(0); });
