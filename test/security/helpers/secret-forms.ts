// The encodings a leaked secret could hide in: plain, hex, base64 (at every byte alignment, since
// a secret inside a larger base64 blob encodes differently depending on where it starts), base64url,
// and for whsec_ secrets also the raw key bytes behind the prefix.
const MIN = 12;

function base64Cores(bytes: Buffer, url: boolean): string[] {
  const out: string[] = [];
  for (let k = 0; k < 3; k++) {
    const enc = Buffer.concat([Buffer.alloc(k), bytes]).toString(url ? "base64url" : "base64");
    // The first and last 4 characters depend on neighbouring bytes; the middle does not.
    out.push(enc.slice(4, enc.length - 4));
  }
  return out;
}

export function secretForms(secret: string): string[] {
  const raws = [Buffer.from(secret)];
  const forms = [secret];
  if (secret.startsWith("whsec_")) {
    forms.push(secret.slice(6));
    raws.push(Buffer.from(secret.slice(6), "base64"));
  }
  for (const raw of raws) forms.push(raw.toString("hex"), raw.toString("hex").toUpperCase(), ...base64Cores(raw, false), ...base64Cores(raw, true));
  return [...new Set(forms)].filter((f) => f.length >= MIN);
}

/** Every (secret label, form) found in `haystack`. */
export function findLeaks(haystack: Buffer | string, secrets: Record<string, string>): string[] {
  const buf = typeof haystack === "string" ? Buffer.from(haystack) : haystack;
  const hits: string[] = [];
  for (const [label, secret] of Object.entries(secrets)) {
    for (const form of secretForms(secret)) if (buf.includes(Buffer.from(form))) hits.push(`${label} as ${form === secret ? "plain text" : JSON.stringify(form.slice(0, 16) + "…")}`);
  }
  return hits;
}
