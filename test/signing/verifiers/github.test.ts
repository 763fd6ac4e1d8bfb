import { describe, expect, test } from "bun:test";
import { sign } from "@octokit/webhooks-methods";
import { getVerifier } from "../../../src/signing/index.ts";
import { NOW_MS, SAMPLE_BODY, hmacHex, makeRequest } from "../helpers.ts";

const verifier = getVerifier("github")!;
const config = { secret: "It's a Secret to Everybody" };
const verify = (headers: Record<string, string>, cfg: object = config) =>
  verifier.verify(makeRequest({ headers, body: SAMPLE_BODY }), cfg as Record<string, unknown>, NOW_MS);

describe("github verifier", () => {
  test("github verifier reproduces the example in GitHub's validating-webhook-deliveries guide", () => {
    const expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    const result = verifier.verify(makeRequest({ headers: { "X-Hub-Signature-256": expected }, body: "Hello, World!" }), config, NOW_MS);
    expect(result).toEqual({ ok: true });
  });

  test("github verifier falls back to the legacy X-Hub-Signature sha1 header when sha256 is absent", () => {
    expect(verify({ "X-Hub-Signature": `sha1=${hmacHex("sha1", config.secret, SAMPLE_BODY)}` })).toEqual({ ok: true });
  });

  test("github verifier decides on the sha256 header when both are present", async () => {
    const goodSha1 = `sha1=${hmacHex("sha1", config.secret, SAMPLE_BODY)}`;
    expect(verify({ "X-Hub-Signature-256": "sha256=00", "X-Hub-Signature": goodSha1 }).ok).toBe(false);
    expect(verify({ "X-Hub-Signature-256": await sign(config.secret, SAMPLE_BODY), "X-Hub-Signature": "sha1=00" }).ok).toBe(true);
  });

  test("github verifier looks headers up case-insensitively", async () => {
    expect(verify({ "x-hub-signature-256": await sign(config.secret, SAMPLE_BODY) })).toEqual({ ok: true });
  });

  test("github verifier accepts every request when no secret is configured, as svix's optional secret implies", () => {
    expect(verify({}, {})).toEqual({ ok: true });
    expect(verify({}, { secret: null })).toEqual({ ok: true });
  });
});
