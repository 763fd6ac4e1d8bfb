import { describe, expect, test } from "bun:test";
import { getVerifier } from "../../../src/signing/index.ts";
import { NOW_MS, NOW_SEC, hmacHex, makeRequest } from "../helpers.ts";

const verifier = getVerifier("zoom")!;
const config = { secret: "zoom-secret-token" };
const validation = JSON.stringify({ event: "endpoint.url_validation", payload: { plainToken: "qgg8vlvZRS6UYooatFL8Aw" }, event_ts: 1654503849680 });

function signed(body: string, secret = config.secret) {
  const signature = `v0=${hmacHex("sha256", secret, `v0:${NOW_SEC}:${body}`)}`;
  return makeRequest({ body, headers: { "x-zm-request-timestamp": String(NOW_SEC), "x-zm-signature": signature } });
}

describe("zoom verifier", () => {
  test("zoom handshake answers a signed url_validation with the plain token and its HMAC", () => {
    const answer = verifier.handshake?.(signed(validation), config, NOW_MS);
    expect(answer?.status).toBe(200);
    expect(answer?.contentType).toBe("application/json");
    expect(JSON.parse(answer?.body ?? "{}")).toEqual({
      plainToken: "qgg8vlvZRS6UYooatFL8Aw",
      encryptedToken: hmacHex("sha256", config.secret, "qgg8vlvZRS6UYooatFL8Aw"),
    });
  });

  test("zoom handshake refuses an unsigned url_validation so the endpoint is no HMAC oracle", () => {
    expect(verifier.handshake?.(makeRequest({ body: validation }), config, NOW_MS)).toBeNull();
    expect(verifier.handshake?.(signed(validation, "attacker-guess"), config, NOW_MS)).toBeNull();
  });

  test("zoom handshake ignores ordinary events and validations without a plainToken", () => {
    expect(verifier.handshake?.(signed(JSON.stringify({ event: "meeting.started" })), config, NOW_MS)).toBeNull();
    expect(verifier.handshake?.(signed(JSON.stringify({ event: "endpoint.url_validation", payload: null })), config, NOW_MS)).toBeNull();
  });
});
