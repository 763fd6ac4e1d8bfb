// The test browser stays on loopback: the flags from test/helpers/chromium.ts let it reach a loopback
// server by address and by the name localhost, while a public name or address never leaves the
// machine (it goes to the dead loopback proxy, so the failure is immediate and always the same).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import { CHROMIUM, E2E_TIMEOUT, launchBrowser } from "./browser";

let browser: Browser;
let server: ReturnType<typeof Bun.serve>;

beforeAll(async () => {
  if (!CHROMIUM) return;
  server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("loopback") });
  browser = await launchBrowser();
}, E2E_TIMEOUT);
afterAll(async () => { await browser?.close(); server?.stop(true); });

async function visit(url: string): Promise<string> {
  const page = await browser.newPage();
  try {
    const r = await page.goto(url, { timeout: 10_000 });
    return `${r?.status()} ${await r?.text()}`;
  } catch (e) {
    return /net::ERR_[A-Z_]+/.exec((e as Error).message)?.[0] ?? (e as Error).message;
  } finally {
    await page.close();
  }
}

describe.skipIf(!CHROMIUM)("the test browser", () => {
  test("reaches a loopback server by 127.0.0.1 and by localhost", async () => {
    expect(await visit(`http://127.0.0.1:${server.port}/`)).toBe("200 loopback");
    expect(await visit(`http://localhost:${server.port}/`)).toBe("200 loopback");
  }, E2E_TIMEOUT);

  test("sends a public address or name only to the dead loopback proxy, never out", async () => {
    for (const url of ["http://93.184.215.14/", "https://www.google.com/", "http://clients2.google.com/service/update2"]) {
      expect(await visit(url)).toBe("net::ERR_PROXY_CONNECTION_FAILED");
    }
  }, E2E_TIMEOUT);
});
