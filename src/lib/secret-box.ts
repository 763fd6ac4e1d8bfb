// AES-256-GCM sealing for secrets kept in the database (endpoint signing secrets, source configs).
// The key lives outside the database, so a copy of the .sqlite file alone reveals nothing.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** The sealed value was made with another key (a database moved without its key file) or is damaged. */
export class SecretKeyMismatchError extends Error {
  constructor() {
    super("a sealed secret could not be decrypted: this server's encryption key is not the one that sealed it (check --encryption-key / HOOKRELAY_ENCRYPTION_KEY or the encryption.key file in the data dir)");
  }
}

export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

export function createSecretBox(key: Uint8Array): SecretBox {
  if (key.length !== 32) throw new Error("encryption key must be 32 bytes");
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([c.update(plain, "utf8"), c.final()]);
      return `v1:${Buffer.concat([iv, c.getAuthTag(), body]).toString("base64")}`;
    },
    open(sealed) {
      if (!sealed.startsWith("v1:")) throw new Error("unknown sealed secret format");
      const raw = Buffer.from(sealed.slice(3), "base64");
      try {
        const d = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
        d.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString("utf8");
      } catch {
        // GCM's own message ("unable to authenticate data") does not tell an operator what to fix.
        throw new SecretKeyMismatchError();
      }
    },
  };
}

/** Parses a key given as 64 hex chars or base64 of 32 bytes. */
export function parseKey(text: string): Uint8Array | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, "hex");
  try {
    const b = Buffer.from(t, "base64");
    if (b.length === 32) return b;
  } catch { /* fall through */ }
  return null;
}
