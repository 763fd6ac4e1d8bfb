// Shared steps of the inbound tests: a source via the API, posts to its ingest URL, the svix SDK client.
import { Svix } from "svix";
import type { TestApp } from "../../helpers/test-app";

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
