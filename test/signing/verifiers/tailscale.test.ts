import { describe, expect, test } from "bun:test";
import { getVerifier } from "../../../src/signing/index.ts";
import { NOW_MS, SAMPLE_BODY, hmacHex, makeRequest } from "../helpers.ts";

const verifier = getVerifier("tailscale")!;
const dayOld = NOW_MS / 1000 - 86_400;
const header = `t=${dayOld},v1=${hmacHex("sha256", "tskey-webhook-xxxxx", `${dayOld}.${SAMPLE_BODY}`)}`;
const req = makeRequest({ body: SAMPLE_BODY, headers: { "Tailscale-Webhook-Signature": header } });

describe("tailscale verifier", () => {
  test("tailscale verifier skips the age check when timestampGraceSeconds is unset, as svix documents", () => {
    expect(verifier.verify(req, { secret: "tskey-webhook-xxxxx" }, NOW_MS)).toEqual({ ok: true });
  });

  test("tailscale verifier applies timestampGraceSeconds when it is set", () => {
    expect(verifier.verify(req, { secret: "tskey-webhook-xxxxx", timestampGraceSeconds: 60 }, NOW_MS).ok).toBe(false);
    expect(verifier.verify(req, { secret: "tskey-webhook-xxxxx", timestampGraceSeconds: 90_000 }, NOW_MS).ok).toBe(true);
  });

  test("tailscale verifier rejects a negative or fractional timestampGraceSeconds", () => {
    expect(verifier.validateConfig({ secret: "s", timestampGraceSeconds: -1 })).toMatchObject({ ok: false, field: "timestampGraceSeconds" });
    expect(verifier.validateConfig({ secret: "s", timestampGraceSeconds: 1.5 })).toMatchObject({ ok: false, field: "timestampGraceSeconds" });
  });
});
