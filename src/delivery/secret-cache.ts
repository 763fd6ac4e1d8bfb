// Opens endpoint signing secrets and custom headers (AES-GCM sealed in the database) and remembers
// the plaintext by its sealed form, so a busy endpoint costs one decryption, not one per request. A rotation
// produces a new sealed string, so stale entries are simply never asked for again.
import type { SecretBox } from "../lib/secret-box";
import { isSealed } from "../store/seal-at-rest";
import { parseCustomHeaders } from "./request-builder";

const MAX_ENTRIES = 10_000;

interface PreviousSecret { enc: string; expiresAt: number }

export class SecretCache {
  private opened = new Map<string, string>();
  private headers = new Map<string, Readonly<Record<string, string>>>();

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
  /**
   * An endpoint's custom headers from its `headers` column, opened once per sealed value ("{}" and
   * rows not yet converted are plain JSON). The object is shared: callers must not change it.
   * @throws when the sealed value cannot be opened (wrong encryption key).
   */
  customHeaders(column: string): Readonly<Record<string, string>> {
    if (!isSealed(column)) return parseCustomHeaders(column);
    let h = this.headers.get(column);
    if (h === undefined) {
      h = Object.freeze(parseCustomHeaders(this.box.open(column)));
      if (this.headers.size >= MAX_ENTRIES) this.headers.clear();
      this.headers.set(column, h);
    }
    return h;
  }

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
