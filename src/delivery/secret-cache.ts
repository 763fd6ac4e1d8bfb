// Opens endpoint signing secrets (AES-GCM sealed in the database) and remembers the plaintext by
// its sealed form, so a busy endpoint costs one decryption, not one per request. A rotation
// produces a new sealed string, so stale entries are simply never asked for again.
import type { SecretBox } from "../lib/secret-box";

const MAX_ENTRIES = 10_000;

interface PreviousSecret { enc: string; expiresAt: number }

export class SecretCache {
  private opened = new Map<string, string>();

  constructor(private box: SecretBox) {}

  private open(sealed: string): string {
    let plain = this.opened.get(sealed);
    if (plain === undefined) {
      plain = this.box.open(sealed);
      if (this.opened.size >= MAX_ENTRIES) this.opened.clear();
      this.opened.set(sealed, plain);
    }
    return plain;
  }

  /**
   * The current secret, then every rotated-out secret whose grace has not ended at `nowMs`:
   * receivers that still hold an old secret keep verifying during the rotation.
   * @throws when a sealed secret cannot be opened (wrong encryption key); the message holds no secret.
   */
  signingSecrets(endpoint: { secretEnc: string; previousSecrets: string }, nowMs: number): string[] {
    const out = [this.open(endpoint.secretEnc)];
    for (const p of parsePrevious(endpoint.previousSecrets)) if (p.expiresAt > nowMs) out.push(this.open(p.enc));
    return out;
  }
}

function parsePrevious(json: string): PreviousSecret[] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.filter((p) => p && typeof p.enc === "string" && typeof p.expiresAt === "number") : [];
  } catch {
    return [];
  }
}
