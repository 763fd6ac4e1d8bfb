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
   * An endpoint's custom headers from its `headers` column, opened and parsed once per value ("{}"
   * and rows not yet converted are plain JSON). The object is shared: callers must not change it.
   * @throws when the sealed value cannot be opened (wrong encryption key).
   */
  customHeaders(column: string): Readonly<Record<string, string>> {
    let h = this.headers.get(column);
    if (h === undefined) {
      h = Object.freeze(parseCustomHeaders(isSealed(column) ? this.box.open(column) : column));
      if (this.headers.size >= MAX_ENTRIES) this.headers.clear();
      this.headers.set(column, h);
    }
    return h;
  }

  /**
   * The current secret, then every rotated-out secret whose grace has not ended at `nowMs`:
   * receivers that still hold an old secret keep verifying during the rotation.
   * @throws when a sealed secret cannot be opened (wrong encryption key); the message holds no secret.
   */
  signingSecrets(endpoint: { secretEnc: string; previousSecrets: string }, nowMs: number): string[] {
    const out = [this.open(endpoint.secretEnc)];
    for (const p of this.previous(endpoint.previousSecrets)) if (p.expiresAt > nowMs) out.push(this.open(p.enc));
    return out;
  }

  // Parsed once per column value: the same few strings ("[]" for most endpoints) come with every
  // request, and parsing them each time (and the headers above) was 0.7 % of the main thread.
  private previousByColumn = new Map<string, readonly PreviousSecret[]>();
  private previous(column: string): readonly PreviousSecret[] {
    let p = this.previousByColumn.get(column);
    if (p === undefined) {
      p = Object.freeze(parsePrevious(column));
      if (this.previousByColumn.size >= MAX_ENTRIES) this.previousByColumn.clear();
      this.previousByColumn.set(column, p);
    }
    return p;
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
