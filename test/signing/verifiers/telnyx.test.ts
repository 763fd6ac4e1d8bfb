import { describe, expect, test } from "bun:test";
import { generateKeyPairSync, sign } from "node:crypto";
import { getVerifier } from "../../../src/signing/index.ts";
import { NOW_MS, NOW_SEC, SAMPLE_BODY, makeRequest } from "../helpers.ts";

const verifier = getVerifier("telnyx")!;
const { publicKey, privateKey } = generateKeyPairSync("ed25519");
const pem = publicKey.export({ format: "pem", type: "spki" }).toString();
const signature = sign(null, Buffer.from(`${NOW_SEC}|${SAMPLE_BODY}`), privateKey).toString("base64");
const req = makeRequest({ body: SAMPLE_BODY, headers: { "telnyx-timestamp": String(NOW_SEC), "telnyx-signature-ed25519": signature } });

describe("telnyx verifier", () => {
  test("telnyx verifier accepts a PEM public key as well as raw base64", () => {
    expect(verifier.validateConfig({ publicKey: pem }).ok).toBe(true);
    expect(verifier.verify(req, { publicKey: pem }, NOW_MS)).toEqual({ ok: true });
  });

  test("telnyx verifier rejects public keys that are not Ed25519", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ format: "pem", type: "spki" }).toString();
    expect(verifier.validateConfig({ publicKey: rsa })).toMatchObject({ ok: false, field: "publicKey" });
    expect(verifier.validateConfig({ publicKey: Buffer.alloc(31).toString("base64") })).toMatchObject({ ok: false, field: "publicKey" });
  });

  test("telnyx verifier treats the public key as non-secret", () => {
    expect(verifier.secretFields).toEqual([]);
  });
});
