// --tls-cert/--tls-key: the real `hookrelay serve` process serves HTTPS itself with the given certificate.
import { describe, expect, test, afterAll } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { spawnWatched } from "../helpers/process";
import { makeLoopbackCert } from "./helpers/tls-cert";

const root = resolve(import.meta.dir, "../..");
const made = makeLoopbackCert(); // null without openssl: the suite skips
const cert = made!;
const dataDir = mkdtempSync(join(tmpdir(), "hookrelay-sec-tls-data-"));
afterAll(() => { if (made) rmSync(made.dir, { recursive: true, force: true }); rmSync(dataDir, { recursive: true, force: true }); });

describe.skipIf(!made)("serving HTTPS with --tls-cert and --tls-key", () => {
  test("the server answers over https with the given certificate and refuses plain http and untrusted clients", async () => {
    const srv = spawnWatched(["bun", "src/main.ts", "serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir, "--tls-cert", cert.certFile, "--tls-key", cert.keyFile], { cwd: root });
    try {
      const line = await srv.waitForLine(/Listening on https:\/\/127\.0\.0\.1:\d+/, 30_000);
      const base = /(https:\/\/127\.0\.0\.1:\d+)/.exec(line)![1];
      const ok = await fetch(`${base}/healthz`, { tls: { ca: cert.cert } });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { status: string }).status).toBe("ok");
      // Without our CA the certificate does not verify: proof the listener really is TLS with this cert.
      const untrusted = await fetch(`${base}/healthz`).then(() => "connected", (e: Error) => String(e.message ?? e));
      expect(untrusted).not.toBe("connected");
      const plain = await fetch(base.replace("https:", "http:") + "/healthz").then((r) => r.status, () => "refused");
      expect(plain).not.toBe(200);
      // Cookies set over HTTPS are Secure (and HttpOnly, SameSite=Lax).
      const login = await fetch(`${base}/login`, { tls: { ca: cert.cert }, headers: { accept: "text/html" } });
      const cookie = login.headers.getSetCookie().find((c) => c.startsWith("hr_csrf="));
      expect(cookie).toBeDefined();
      expect(cookie).toContain("; Secure");
      expect(cookie).toContain("HttpOnly");
      expect(cookie).toContain("SameSite=Lax");
      // The API behind TLS still demands its bearer token.
      expect((await fetch(`${base}/api/v1/auth/whoami`, { tls: { ca: cert.cert } })).status).toBe(401);
    } finally {
      srv.proc.kill("SIGTERM");
      await srv.proc.exited;
    }
  }, 60_000);

  test("a certificate without its key is refused at start with a clear message", async () => {
    const srv = spawnWatched(["bun", "src/main.ts", "serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir, "--tls-cert", cert.certFile], { cwd: root });
    const code = await srv.proc.exited;
    expect(code).not.toBe(0);
    expect(srv.lines.join("\n")).toContain("tls-cert and tls-key must be given together");
  }, 30_000);
});
