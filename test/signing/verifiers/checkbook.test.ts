import { describe, expect, test } from "bun:test";
import { getVerifier } from "../../../src/signing/index.ts";
import { NOW_MS, makeRequest } from "../helpers.ts";

describe("checkbook verifier", () => {
  test("checkbook verifier accepts the example from Checkbook's webhook docs", () => {
    const req = makeRequest({
      body: '{"status": "PAID", "id": "ed0af5fb335c47dd8eb53199ba50f5c4", "type": "CHECK"}',
      headers: { signature: "nonce=1243549809,signature=4ee9758fc0bceb3ca1a2fe397fbd125364cfffdb04296fa118dab9778a4b3ce3" },
    });
    expect(getVerifier("checkbook")!.verify(req, { secret: "335b5728e25b47e88995fce207bff380" }, NOW_MS)).toEqual({ ok: true });
  });
});
