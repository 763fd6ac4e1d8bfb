// The scripting commands against a real server (createTestApp on 127.0.0.1), run in process through runCli.
import { describe, expect, test, beforeAll, afterAll } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { startReceiver, type Receiver } from "../helpers/receiver";

let t: TestApp;
let appId: string;
let rx: Receiver;
const dir = mkdtempSync(join(tmpdir(), "hookrelay-client-"));

beforeAll(async () => {
  t = await createTestApp({ env: { HOOKRELAY_ALLOW_PRIVATE_DESTINATIONS: "true" } });
  rx = startReceiver();
  const app = await (await t.api("/api/v1/app", { body: { name: "Acme Corp", uid: "acme" } })).json();
  appId = app.id;
  await t.api(`/api/v1/app/${appId}/endpoint`, { body: { url: `${rx.url}/hook`, uid: "main" } });
});
afterAll(async () => { rx.close(); await t.close(); rmSync(dir, { recursive: true, force: true }); });

async function run(argv: string[], opts: { env?: Record<string, string>; stdin?: string } = {}) {
  const out: string[] = []; const err: string[] = [];
  const env = { HOOKRELAY_SERVER: t.url, HOOKRELAY_TOKEN: t.token, ...opts.env };
  const code = await runCli(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env, stdin: async () => opts.stdin ?? "" });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("hookrelay send", () => {
  test("sends inline JSON by app uid, prints the message id, and the endpoint receives it", async () => {
    const r = await run(["send", "--app", "acme", "--event-type", "invoice.paid", "--data", '{"invoice":"inv_1","amount":42}']);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^msg_[0-9A-Za-z]{23}$/);
    const [got] = await rx.waitFor(1);
    expect(JSON.parse(got.body)).toEqual({ invoice: "inv_1", amount: 42 });
    expect(got.headers["webhook-id"]).toBe(r.out);
  });

  test("reads --data @file and --data - (stdin); --json prints the server's message object", async () => {
    const file = join(dir, "payload.json");
    writeFileSync(file, JSON.stringify({ from: "file" }));
    const a = await run(["send", "--app", appId, "--event-type", "t.file", "--data", `@${file}`, "--json"]);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.out)).toMatchObject({ eventType: "t.file", payload: { from: "file" } });
    const b = await run(["send", "--app", "acme", "--event-type", "t.stdin", "--data", "-", "--event-id", "stdin-1"], { stdin: '{"from":"stdin"}\n' });
    expect(b.code).toBe(0);
    const shown = await run(["msg", "get", "acme", "stdin-1", "--json"]);
    expect(JSON.parse(shown.out)).toMatchObject({ id: b.out, eventId: "stdin-1", payload: { from: "stdin" } });
  });

  test("the same --idempotency-key returns the first message instead of sending twice", async () => {
    const argv = ["send", "--app", "acme", "--event-type", "nightly", "--data", "{}", "--idempotency-key", "nightly-2026-11-01"];
    const first = await run(argv);
    const second = await run(argv);
    expect(first.code).toBe(0);
    expect(second.out).toBe(first.out);
  });

  test("usage mistakes exit 2 with one line: missing flags, bad JSON, a missing file", async () => {
    for (const argv of [
      ["send", "--event-type", "x", "--data", "{}"],
      ["send", "--app", "acme", "--data", "{}"],
      ["send", "--app", "acme", "--event-type", "x"],
      ["send", "--app", "acme", "--event-type", "x", "--data", "{not json"],
      ["send", "--app", "acme", "--event-type", "x", "--data", "@/nonexistent/p.json"],
    ]) {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.err.split("\n")).toHaveLength(1);
    }
  });

  test("input the server refuses (422) exits 2 and names the field", async () => {
    const r = await run(["send", "--app", "acme", "--event-type", "bad type with spaces", "--data", "{}"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("422");
    expect(r.err).toContain("eventType");
  });
});

describe("hookrelay send --wait", () => {
  test("exits 0 once every endpoint the message went to answered 2xx, printing only the id", async () => {
    const r = await run(["send", "--app", "acme", "--event-type", "deploy.finished", "--data", "{}", "--wait", "10s"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^msg_\w{23}$/);
    const shown = await run(["msg", "get", "acme", r.out]);
    expect(shown.out).toMatch(/ep_\w+\s+success\s/);
  });

  test("exits 7 at once when a delivery failed for good, naming the endpoint on stderr", async () => {
    const down = startReceiver();
    down.fallback = () => new Response("no", { status: 500 });
    try {
      await t.api("/api/v1/app", { body: { name: "Wait fail", uid: "wait-fail" } });
      await t.api("/api/v1/app/wait-fail/endpoint", { body: { url: `${down.url}/hook`, retrySchedule: [0] } });
      const r = await run(["send", "--app", "wait-fail", "--event-type", "deploy.finished", "--data", "{}", "--wait", "60s"]);
      expect(r.code).toBe(7);
      expect(r.out).toMatch(/^msg_\w{23}$/);
      expect(r.err).toContain(`${r.out} not delivered: 1 of 1 deliveries failed and will not be retried`);
      expect(r.err).toMatch(new RegExp(`ep_\\w+\\s+fail\\s+-\\s+${down.url}/hook`));
    } finally { down.close(); }
  });

  test("exits 7 when the duration passes while a retry is still due, and refuses a bad duration", async () => {
    const down = startReceiver();
    down.fallback = () => new Response("busy", { status: 503 });
    try {
      await t.api("/api/v1/app", { body: { name: "Wait retry", uid: "wait-retry" } });
      await t.api("/api/v1/app/wait-retry/endpoint", { body: { url: `${down.url}/hook`, retrySchedule: [0, 3600] } });
      const r = await run(["send", "--app", "wait-retry", "--event-type", "deploy.finished", "--data", "{}", "--wait", "300ms"]);
      expect(r.code).toBe(7);
      expect(r.err).toContain("1 of 1 deliveries not done after 0.3 s (still retrying on the server)");
      expect(r.err).toMatch(/ep_\w+\s+(pending|sending)\s/);
      const bad = await run(["send", "--app", "acme", "--event-type", "x", "--data", "{}", "--wait", "soon"]);
      expect(bad.code).toBe(2);
      expect(bad.err).toContain("--wait takes a duration");
    } finally { down.close(); }
  });
});

describe("hookrelay app list, endpoint list, msg get", () => {
  test("app list prints a table, and --json the application objects", async () => {
    const r = await run(["app", "list"]);
    expect(r.code).toBe(0);
    expect(r.out.split("\n")[0]).toMatch(/^ID\s+UID\s+NAME\s+CREATED$/);
    expect(r.out).toContain("Acme Corp");
    const j = JSON.parse((await run(["app", "list", "--json"])).out);
    expect(j.find((a: any) => a.uid === "acme").id).toBe(appId);
  });

  test("app list follows pagination up to --limit", async () => {
    for (let i = 0; i < 3; i++) await t.api("/api/v1/app", { body: { name: `extra ${i}` } });
    const all = JSON.parse((await run(["app", "list", "--json"])).out);
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(JSON.parse((await run(["app", "list", "--json", "--limit", "2"])).out)).toHaveLength(2);
    expect((await run(["app", "list", "--limit", "0"])).code).toBe(2);
  });

  test("endpoint list shows the app's endpoints with their state and URL", async () => {
    const r = await run(["endpoint", "list", "acme"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("main");
    expect(r.out).toContain("enabled");
    expect(r.out).toContain(`${rx.url}/hook`);
  });

  test("endpoint list and msg get take the application as --app too, as send does, but not twice", async () => {
    const byFlag = await run(["endpoint", "list", "--app", "acme"]);
    expect(byFlag.code).toBe(0);
    expect(byFlag.out).toBe((await run(["endpoint", "list", "acme"])).out);
    const id = (await run(["send", "--app", "acme", "--event-type", "order.paid", "--data", "{}"])).out;
    const got = await run(["msg", "get", "--app", "acme", id, "--json"]);
    expect(got.code).toBe(0);
    expect(JSON.parse(got.out).id).toBe(id);
    for (const argv of [["endpoint", "list", "--app", "acme", "acme"], ["endpoint", "list"], ["msg", "get", "--app", "acme", "acme", id], ["msg", "get", id]]) {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.err).toContain("usage");
    }
  });

  test("msg get lists where the message went: each endpoint with its delivery state", async () => {
    const id = (await run(["send", "--app", "acme", "--event-type", "order.packed", "--data", '{"order":8}'])).out;
    await rx.until((reqs) => reqs.some((q) => q.headers["webhook-id"] === id));
    await (t.app.ctx.services.delivery as { idle(): Promise<void> }).idle();
    const r = await run(["msg", "get", "acme", id]);
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    const at = lines.indexOf("deliveries:");
    expect(lines[at + 1]).toMatch(/^ENDPOINT\s+STATUS\s+NEXT ATTEMPT\s+URL$/);
    expect(lines[at + 2]).toMatch(new RegExp(`^ep_\\w+\\s+success\\s+-\\s+${rx.url}/hook$`));
  });

  test("msg get prints the message with its payload", async () => {
    const id = (await run(["send", "--app", "acme", "--event-type", "order.shipped", "--data", '{"order":7}'])).out;
    const r = await run(["msg", "get", "acme", id]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`id:          ${id}`);
    expect(r.out).toContain("order.shipped");
    expect(r.out).toContain('"order": 7');
  });
});

describe("hookrelay poll", () => {
  const later = "2030-01-01T00:00:00Z";
  async function pollerWithMessages(uid: string, n: number) {
    const p = await (await t.api(`/api/v1/app/${appId}/polling-endpoint`, { body: { uid } })).json();
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await (await t.api(`/api/v1/app/${appId}/msg`, { body: { eventType: "poll.test", payload: { i }, deliverAt: later } })).json()).id);
    return { key: p.key as string, ids };
  }

  test("prints the messages since the polling endpoint was made as JSON lines, and where to resume on stderr", async () => {
    const { ids } = await pollerWithMessages("cli-a", 3);
    const r = await run(["poll", "acme", "cli-a", "--json"]);
    expect(r.code).toBe(0);
    const lines = r.out.split("\n").map((l) => JSON.parse(l));
    expect(lines.map((m) => m.id)).toEqual(ids);
    expect(lines[2].payload).toEqual({ i: 2 });
    const next = /^next: --iterator (msg_\w+)$/.exec(r.err)![1];
    expect(next).toBe(ids[2]);
    const more = await run(["poll", "--app", "acme", "--poller", "cli-a", "--iterator", next]);
    expect(more).toEqual({ code: 0, out: "", err: `next: --iterator ${next}` });
    const text = await run(["poll", "acme", "cli-a", "--limit", "1"]);
    expect(text.out).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\S+Z  poll.test  ${ids[0]}  \\{"i":0\\}$`));
  });

  test("with --consumer the server keeps the place, and the polling endpoint's consumer key is enough", async () => {
    const { key, ids } = await pollerWithMessages("cli-b", 3);
    const env = { HOOKRELAY_TOKEN: key };
    const first = await run(["poll", "acme", "cli-b", "--consumer", "laptop", "--limit", "2", "--json"], { env });
    expect(first.code).toBe(0);
    expect(first.err).toBe("");
    expect(first.out.split("\n").map((l) => JSON.parse(l).id)).toEqual(ids.slice(0, 2));
    const second = await run(["poll", "acme", "cli-b", "--consumer", "laptop", "--json"], { env });
    expect(second.out.split("\n").map((l) => JSON.parse(l).id)).toEqual(ids.slice(2));
    expect((await run(["app", "list"], { env })).code).toBe(3);
  });

  test("--follow keeps reading what arrives until stopped", async () => {
    await pollerWithMessages("cli-c", 1);
    const stop = new AbortController();
    const out: string[] = [];
    let seen: (id: string) => void = () => {};
    const env = { HOOKRELAY_SERVER: t.url, HOOKRELAY_TOKEN: t.token };
    const running = runCli(["poll", "acme", "cli-c", "--follow", "--interval", "100ms", "--json"], {
      stdout: (s) => { out.push(s); seen(JSON.parse(s).id); }, stderr: () => {}, env, stdin: async () => "", signal: stop.signal,
    });
    const arrived = (id: string) => new Promise<void>((resolve) => { if (out.some((l) => JSON.parse(l).id === id)) resolve(); else seen = (x) => { if (x === id) resolve(); }; });
    const late = (await (await t.api(`/api/v1/app/${appId}/msg`, { body: { eventType: "poll.test", payload: { late: true }, deliverAt: later } })).json()).id;
    await arrived(late);
    stop.abort();
    expect(await running).toBe(0);
    expect(out.length).toBe(2);
  });

  test("usage errors exit 2; an unknown polling endpoint exits 4", async () => {
    expect((await run(["poll", "acme"])).code).toBe(2);
    expect((await run(["poll", "acme", "cli-a", "extra"])).code).toBe(2);
    expect((await run(["poll", "acme", "cli-a", "--interval", "1ms", "--follow"])).code).toBe(2);
    expect((await run(["poll", "acme", "cli-a", "--after", "yesterday"])).code).toBe(2);
    expect((await run(["poll", "acme", "cli-a", "--after", later, "--consumer", "x"])).code).toBe(2);
    expect((await run(["poll", "acme", "nope"])).code).toBe(4);
  });
});

describe("exit codes", () => {
  test("3 for a missing or wrong token", async () => {
    const none = await run(["app", "list"], { env: { HOOKRELAY_TOKEN: "" } });
    expect(none.code).toBe(3);
    expect(none.err).toContain("HOOKRELAY_TOKEN");
    const wrong = await run(["app", "list", "--token", "hr_wrong"]);
    expect(wrong.code).toBe(3);
    expect(wrong.err).toContain("401");
  });

  test("4 for an unknown application or message", async () => {
    expect((await run(["endpoint", "list", "no-such-app"])).code).toBe(4);
    expect((await run(["msg", "get", "acme", "msg_nope"])).code).toBe(4);
  });

  test("5 when nothing listens at --server", async () => {
    const s = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
    const port = s.port;
    s.stop(true);
    const r = await run(["app", "list", "--server", `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(5);
    expect(r.err).toContain("cannot reach");
  });

  test("6 (retry later) when the server answers 429 or 503, with its Retry-After", async () => {
    const busy = startReceiver();
    busy.respond(
      Response.json({ code: "rate_limited", detail: "Too many requests" }, { status: 429, headers: { "retry-after": "7" } }),
      Response.json({ code: "storage_unavailable", detail: "Storage is full or unavailable; retry later" }, { status: 503, headers: { "retry-after": "5" } }),
    );
    try {
      const limited = await run(["app", "list"], { env: { HOOKRELAY_SERVER: busy.url } });
      expect(limited.code).toBe(6);
      expect(limited.err).toContain("429 Too many requests (retry later: Retry-After 7)");
      const full = await run(["send", "--app", "acme", "--event-type", "t", "--data", "{}"], { env: { HOOKRELAY_SERVER: busy.url } });
      expect(full.code).toBe(6);
      expect(full.err).toContain("503 Storage is full");
    } finally { busy.close(); }
  });

  test("1 when the server answers 5xx", async () => {
    const broken = startReceiver();
    broken.fallback = () => new Response("<html>bad gateway</html>", { status: 502 });
    try {
      const r = await run(["app", "list"], { env: { HOOKRELAY_SERVER: broken.url } });
      expect(r.code).toBe(1);
      expect(r.err).toContain("502");
    } finally { broken.close(); }
  });
});
