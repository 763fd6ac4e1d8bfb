/**
 * Generates a throwaway self-signed certificate with openssl into a temp dir. Generated
 * per run rather than committed so no private key lives in the repository.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function selfSignedCert(dnsName: string): { cert: string; key: string } | null {
  const dir = mkdtempSync(join(tmpdir(), "hookrelay-tls-"));
  try {
    const r = Bun.spawnSync([
      "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
      "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
      "-subj", `/CN=${dnsName}`, "-addext", `subjectAltName=DNS:${dnsName}`,
    ], { stdout: "ignore", stderr: "pipe" });
    if (r.exitCode !== 0) return null;
    return { cert: readFileSync(join(dir, "cert.pem"), "utf8"), key: readFileSync(join(dir, "key.pem"), "utf8") };
  } catch {
    return null; // openssl not installed: the TLS tests skip
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
