import { describe, expect, test } from "bun:test";
import { getVerifier } from "../../../src/signing/index.ts";
import { makeRequest } from "../helpers.ts";

const verifier = getVerifier("meta")!;
const config = { secret: "meta-app-secret", verifyToken: "my-verify-token" };
const subscribe = (token: string, method = "GET") =>
  makeRequest({ method, query: { "hub.mode": "subscribe", "hub.verify_token": token, "hub.challenge": "1158201444" } });

describe("meta verifier", () => {
  test("meta handshake echoes hub.challenge when hub.verify_token matches", () => {
    expect(verifier.handshake?.(subscribe("my-verify-token"), config)).toEqual({
      status: 200,
      contentType: "text/plain; charset=utf-8",
      body: "1158201444",
    });
  });

  test("meta handshake declines a wrong verify token or a non-GET request", () => {
    expect(verifier.handshake?.(subscribe("guess"), config)).toBeNull();
    expect(verifier.handshake?.(subscribe("my-verify-token", "POST"), config)).toBeNull();
  });

  test("meta verifier requires both secret and verifyToken in the config", () => {
    expect(verifier.validateConfig({ secret: "s" })).toEqual({ ok: false, field: "verifyToken", message: "is required" });
    expect(verifier.secretFields).toEqual(["secret", "verifyToken"]);
  });
});
