import { describe, expect, test } from "bun:test";
import { getVerifier } from "../../../src/signing/index.ts";
import { NOW_MS, NOW_SEC, SAMPLE_BODY, SIX_MINUTES_MS, hmacB64, hmacHex, makeRequest } from "../helpers.ts";

const verifier = getVerifier("hmac")!;
const verify = (config: Record<string, unknown>, headers: Record<string, string>, parts: { method?: string; path?: string } = {}) =>
  verifier.verify(makeRequest({ ...parts, headers, body: SAMPLE_BODY }), config, NOW_MS);

describe("hmac verifier", () => {
  test("hmac verifier defaults to hex HMAC-SHA256 of the body with no prefix", () => {
    expect(verifier.validateConfig({ secret: "s", header: "X-Sig" })).toEqual({
      ok: true,
      config: {
        secret: "s",
        header: "X-Sig",
        secretEncoding: "utf8",
        algorithm: "sha256",
        encoding: "hex",
        prefix: "",
        template: "{body}",
        timestampUnit: "s",
        toleranceSeconds: 300,
      },
    });
    expect(verify({ secret: "s", header: "X-Sig" }, { "X-Sig": hmacHex("sha256", "s", SAMPLE_BODY) })).toEqual({ ok: true });
  });

  test("hmac verifier reproduces GitHub's scheme with a sha256= prefix", () => {
    const config = { secret: "s", header: "X-Hub-Signature-256", prefix: "sha256=" };
    expect(verify(config, { "X-Hub-Signature-256": `sha256=${hmacHex("sha256", "s", SAMPLE_BODY)}` })).toEqual({ ok: true });
  });

  test("hmac verifier signs header values named in the template, e.g. Standard Webhooks content", () => {
    const key = Buffer.from("c2VjcmV0LWtleS1ieXRlcw==", "base64");
    const config = {
      secret: "c2VjcmV0LWtleS1ieXRlcw==",
      secretEncoding: "base64",
      header: "webhook-signature",
      encoding: "base64",
      prefix: "v1,",
      separator: " ",
      template: "{header:webhook-id}.{timestamp}.{body}",
      timestampHeader: "webhook-timestamp",
    };
    const signature = hmacB64("sha256", key, `msg_1.${NOW_SEC}.${SAMPLE_BODY}`);
    const headers = { "webhook-id": "msg_1", "webhook-timestamp": String(NOW_SEC), "webhook-signature": `v1,bm9wZQ== v1,${signature}` };
    expect(verify(config, headers)).toEqual({ ok: true });
    expect(verify(config, { ...headers, "webhook-id": "msg_2" }).ok).toBe(false);
  });

  test("hmac verifier covers the method and path when the template asks for them", () => {
    const config = { secret: "s", header: "X-Sig", algorithm: "sha1", template: "{method} {path}\n{body}" };
    const headers = { "X-Sig": hmacHex("sha1", "s", `POST /in/tok_test\n${SAMPLE_BODY}`) };
    expect(verify(config, headers)).toEqual({ ok: true });
    expect(verify(config, headers, { path: "/in/other" }).ok).toBe(false);
  });

  test("hmac verifier reads millisecond timestamps when timestampUnit is ms", () => {
    const config = { secret: "s", header: "X-Sig", template: "{timestamp}{body}", timestampHeader: "X-Ts", timestampUnit: "ms" };
    expect(verify(config, { "X-Ts": String(NOW_MS), "X-Sig": hmacHex("sha256", "s", `${NOW_MS}${SAMPLE_BODY}`) })).toEqual({ ok: true });
    const old = NOW_MS - SIX_MINUTES_MS;
    expect(verify(config, { "X-Ts": String(old), "X-Sig": hmacHex("sha256", "s", `${old}${SAMPLE_BODY}`) }).ok).toBe(false);
  });

  test("hmac verifier skips the freshness check when toleranceSeconds is 0", () => {
    const config = { secret: "s", header: "X-Sig", template: "{timestamp}.{body}", timestampHeader: "X-Ts", toleranceSeconds: 0 };
    expect(verify(config, { "X-Ts": "1", "X-Sig": hmacHex("sha256", "s", `1.${SAMPLE_BODY}`) })).toEqual({ ok: true });
  });

  test("hmac verifier accepts a hex-encoded secret", () => {
    const config = { secret: "deadbeef", secretEncoding: "hex", header: "X-Sig" };
    expect(verify(config, { "X-Sig": hmacHex("sha256", Buffer.from("deadbeef", "hex"), SAMPLE_BODY) })).toEqual({ ok: true });
  });

  test("hmac verifier reports a missing header named by the template", () => {
    const config = { secret: "s", header: "X-Sig", template: "{header:X-Id}.{body}" };
    expect(verify(config, { "X-Sig": "00" })).toEqual({ ok: false, reason: "missing X-Id header" });
  });

  test("hmac verifier config validation names the field that is wrong", () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ header: "X-Sig" }, "secret"],
      [{ secret: "s" }, "header"],
      [{ secret: "s", header: "bad header" }, "header"],
      [{ secret: "s", header: "X", algorithm: "md5" }, "algorithm"],
      [{ secret: "s", header: "X", encoding: "base32" }, "encoding"],
      [{ secret: "s", header: "X", template: "{timestamp}" }, "template"],
      [{ secret: "s", header: "X", template: "{body}{body}" }, "template"],
      [{ secret: "s", header: "X", template: "{nonce}.{body}" }, "template"],
      [{ secret: "s", header: "X", template: "{timestamp}.{body}" }, "timestampHeader"],
      [{ secret: "s", header: "X", timestampHeader: "X-Ts" }, "timestampHeader"],
      [{ secret: "zz", header: "X", secretEncoding: "hex" }, "secret"],
      [{ secret: "s", header: "X", toleranceSeconds: -5 }, "toleranceSeconds"],
    ];
    for (const [config, field] of bad) expect(verifier.validateConfig(config)).toMatchObject({ ok: false, field });
  });
});
