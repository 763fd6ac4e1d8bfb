// A throwaway self-signed certificate for 127.0.0.1 and localhost, made with openssl per test run
// (no private key is ever committed). Files are written to a temp dir the caller removes.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCert { dir: string; certFile: string; keyFile: string; cert: string; key: string }

/**
 * A fresh certificate, or null when openssl is not installed (callers skip their TLS tests, as
 * test/delivery/net/helpers/self-signed.ts does; .ci/run installs openssl so CI runs them).
 */
export function makeLoopbackCert(): TestCert | null {
  if (!Bun.which("openssl")) return null;
  const dir = mkdtempSync(join(tmpdir(), "hookrelay-sec-tls-"));
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  const r = Bun.spawnSync([
    "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
    "-keyout", keyFile, "-out", certFile, "-subj", "/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
  ], { stdout: "ignore", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`openssl failed: ${r.stderr.toString()}`);
  return { dir, certFile, keyFile, cert: readFileSync(certFile, "utf8"), key: readFileSync(keyFile, "utf8") };
}
