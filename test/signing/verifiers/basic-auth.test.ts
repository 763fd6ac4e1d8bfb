import { describe, expect, test } from "bun:test";
import { getVerifier } from "../../../src/signing/index.ts";
import { NOW_MS, makeRequest } from "../helpers.ts";

const verifier = getVerifier("basic-auth")!;
const config = { username: "relay", password: "p:ss wörd" };
const basic = (credentials: string) => ({ Authorization: `Basic ${Buffer.from(credentials).toString("base64")}` });
const verify = (headers: Record<string, string>) => verifier.verify(makeRequest({ headers }), config, NOW_MS);

describe("basic-auth verifier", () => {
  test("basic-auth verifier accepts a password containing ':' and non-ASCII characters", () => {
    expect(verify(basic("relay:p:ss wörd"))).toEqual({ ok: true });
  });

  test("basic-auth verifier rejects a wrong username or password with the same reason", () => {
    expect(verify(basic("admin:p:ss wörd"))).toEqual({ ok: false, reason: "wrong username or password" });
    expect(verify(basic("relay:guess"))).toEqual({ ok: false, reason: "wrong username or password" });
  });

  test("basic-auth verifier accepts the scheme name in any case", () => {
    expect(verify({ Authorization: `basic ${Buffer.from("relay:p:ss wörd").toString("base64")}` })).toEqual({ ok: true });
  });

  test("basic-auth verifier refuses a username containing ':' at config time", () => {
    expect(verifier.validateConfig({ username: "a:b", password: "x" })).toMatchObject({ ok: false, field: "username" });
    expect(verifier.secretFields).toEqual(["password"]);
  });
});
