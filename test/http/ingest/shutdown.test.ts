import { expect, test } from "bun:test";
import { createTestApp } from "../../helpers/test-app";

test("stopping the app ends open SSE streams at once instead of waiting out the grace period", async () => {
  const t = await createTestApp();
  const src = await (await t.api("/ingest/api/v1/source", { body: { name: "s", type: "generic-webhook" } })).json();
  const res = await fetch(src.streamUrl);
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  await reader.read(); // the stream is open and has said hello
  // A 60 s grace: if streams were not closed first, stop() would hold for the whole minute and time this test out.
  const stopped = t.app.stop(60_000);
  let done = false;
  while (!done) done = (await reader.read().catch(() => ({ done: true }))).done;
  await stopped;
  expect(done).toBe(true);
  await t.close(); // stop() is idempotent; this removes the temp data dir
}, 15_000);

test("once shutdown has begun, a reconnecting event stream is told to come back later (503) instead of holding the drain", async () => {
  const t = await createTestApp();
  const src = await (await t.api("/ingest/api/v1/source", { body: { name: "s2", type: "generic-webhook" } })).json();
  t.app.ctx.stopping = true;
  const res = await t.app.handle(new Request(src.streamUrl.replace(t.url, "http://localhost"), { headers: { accept: "text/event-stream" } }));
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toBe("5");
  const page = await t.app.handle(new Request("http://localhost/healthz"));
  expect(page.status).toBe(200); // ordinary requests still drain normally
  t.app.ctx.stopping = false;
  await t.close();
});
