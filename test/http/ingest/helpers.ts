// Shared steps of the inbound tests: a source via the API, posts to its ingest URL, the svix SDK client.
import { afterAll, afterEach, beforeAll, beforeEach } from "bun:test";
import { Svix } from "svix";
import { createTestApp, type TestApp } from "../../helpers/test-app";
import { startReceiver, type Receiver } from "../../helpers/receiver";

export interface SourceOut {
  id: string; uid: string | null; name: string; type: string; config: Record<string, unknown>; ingestUrl: string; streamUrl: string;
  response: unknown; dedupe: unknown; ipAllowlist: string[] | null; metadata: Record<string, string>;
}

export async function makeSource(t: TestApp, body: Record<string, unknown>): Promise<SourceOut> {
  const r = await t.api("/ingest/api/v1/source", { body: { name: "test", ...body } });
  if (r.status !== 201) throw new Error(`create source: ${r.status} ${await r.text()}`);
  return (await r.json()) as SourceOut;
}

export async function makeEndpoint(t: TestApp, sourceId: string, body: Record<string, unknown>): Promise<{ id: string }> {
  const r = await t.api(`/ingest/api/v1/source/${sourceId}/endpoint`, { body });
  if (r.status !== 201) throw new Error(`create endpoint: ${r.status} ${await r.text()}`);
  return (await r.json()) as { id: string };
}

export function svixFor(t: TestApp): Svix {
  return new Svix(t.token, { serverUrl: t.url });
}

/** The captured request as the API shows it, with its deliveries. */
export async function captured(t: TestApp, sourceId: string, requestId: string): Promise<any> {
  const r = await t.api(`/ingest/api/v1/source/${sourceId}/request/${requestId}`);
  if (r.status !== 200) throw new Error(`get request: ${r.status} ${await r.text()}`);
  return r.json();
}

export async function requestLog(t: TestApp, sourceId: string, query = ""): Promise<any[]> {
  const r = await t.api(`/ingest/api/v1/source/${sourceId}/request${query}`);
  return ((await r.json()) as { data: any[] }).data;
}

/**
 * A test app that may forward to loopback (one per file) and a fresh receiver per test: the hooks
 * every forwarding test file needs. Read `t` and `rx` inside tests, after the hooks have run.
 */
export function forwardingFixture(): { readonly t: TestApp; readonly rx: Receiver } {
  let t: TestApp | undefined;
  let rx: Receiver | undefined;
  beforeAll(async () => { t = await createTestApp({ env: { HOOKRELAY_ALLOW_PRIVATE_DESTINATIONS: "true" } }); });
  afterAll(() => t?.close());
  beforeEach(() => { rx = startReceiver(); });
  afterEach(() => rx?.close());
  return { get t() { return t!; }, get rx() { return rx!; } };
}
