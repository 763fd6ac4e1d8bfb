import { describe, expect, test } from "bun:test";
import { getVerifier } from "../../../src/signing/index.ts";
import { NOW_MS, makeRequest } from "../helpers.ts";

const verifier = getVerifier("api-key")!;

describe("api-key verifier", () => {
  test("api-key verifier reads X-API-Key by default", () => {
    const req = makeRequest({ headers: { "x-api-key": "k1" } });
    expect(verifier.verify(req, { key: "k1" }, NOW_MS)).toEqual({ ok: true });
    expect(verifier.verify(req, { key: "k2" }, NOW_MS)).toEqual({ ok: false, reason: "wrong API key" });
  });

  test("api-key verifier reads a query parameter when queryParam is set", () => {
    const req = makeRequest({ query: { api_key: "k1" } });
    expect(verifier.verify(req, { key: "k1", queryParam: "api_key" }, NOW_MS)).toEqual({ ok: true });
    expect(verifier.verify(makeRequest(), { key: "k1", queryParam: "api_key" }, NOW_MS)).toEqual({ ok: false, reason: "missing api_key query parameter" });
  });

  test("api-key verifier matches the header prefix case-insensitively", () => {
    const req = makeRequest({ headers: { Authorization: "bearer k1" } });
    expect(verifier.verify(req, { key: "k1", header: "Authorization", prefix: "Bearer " }, NOW_MS)).toEqual({ ok: true });
  });

  test("api-key verifier refuses header and queryParam together", () => {
    expect(verifier.validateConfig({ key: "k", header: "X-Key", queryParam: "k" })).toMatchObject({ ok: false, field: "queryParam" });
    expect(verifier.secretFields).toEqual(["key"]);
  });
});
