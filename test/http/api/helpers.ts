// Shared setup for the API tests: a real server (createTestApp) driven by the real svix SDK.
import { expect } from "bun:test";
import { Svix, ApiException } from "svix";
import { createTestApp, type TestApp } from "../../helpers/test-app";
import { deliveryEngine } from "../../../src/delivery";
import { outboundServices } from "../../../src/http/api/services";

export interface ApiFixture {
  t: TestApp;
  svix: Svix;
  /** Read-only peeks at rows the API wrote (assertions only). */
  rows<T = Record<string, unknown>>(sql: string, ...params: (string | number | null)[]): T[];
  close(): Promise<void>;
}

/** Loopback receivers are allowed: every endpoint in these tests points at 127.0.0.1. */
export async function apiFixture(env: Record<string, string> = {}): Promise<ApiFixture> {
  const t = await createTestApp({ env: { HOOKRELAY_ALLOW_PRIVATE_DESTINATIONS: "true", ...env } });
  const svix = new Svix(t.token, { serverUrl: t.url });
  return {
    t,
    svix,
    rows: (sql, ...params) => t.app.ctx.store.sqlite.query(sql).all(...params) as never,
    close: () => t.close(),
  };
}

/** Awaits a promise that must fail with an svix ApiException of `status`; returns the error body. */
export async function apiError(p: Promise<unknown>, status: number): Promise<any> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof ApiException)) throw e;
    expect({ status: e.code, body: e.body }).toMatchObject({ status });
    return e.body;
  }
  throw new Error(`expected HTTP ${status}, the call succeeded`);
}

/** The `loc` of each 422 detail, e.g. [["body", "url"]]. */
export const locs = (body: any): string[][] => body.detail.map((d: any) => d.loc);

/** A far-future deliverAt keeps the delivery engine away from the rows a test inspects. */
export const LATER = () => new Date(Date.UTC(2027, 0, 1));

/** Runs one delivery-engine cycle and waits until every attempt it started is committed. */
export async function deliverNow(f: ApiFixture): Promise<void> {
  const engine = deliveryEngine(f.t.app.ctx);
  engine.cycle();
  await engine.idle();
}

/** Waits for the background tasks started so far (recover, replay-missing) to settle. */
export const tasksIdle = (f: ApiFixture) => outboundServices(f.t.app.ctx).tasks.idle();
