import { describe, expect, test } from "bun:test";
import { getVerifier } from "../../../src/signing/index.ts";
import { NOW_MS, hmacB64, makeRequest } from "../helpers.ts";

const verifier = getVerifier("hubspot")!;
const config = { secret: "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy" };
const v3 = (uri: string, body: string, method = "POST") => hmacB64("sha256", config.secret, `${method}${uri}${body}${NOW_MS}`);

describe("hubspot verifier", () => {
  test("hubspot verifier accepts the v1 example from HubSpot's request-validation docs", () => {
    const body =
      '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';
    const headers = {
      "X-HubSpot-Signature-Version": "v1",
      "X-HubSpot-Signature": "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de",
    };
    expect(verifier.verify(makeRequest({ body, headers }), config, NOW_MS)).toEqual({ ok: true });
  });

  test("hubspot verifier accepts the v2 GET example from HubSpot's request-validation docs", () => {
    const req = makeRequest({
      method: "GET",
      path: "/webhook_uri",
      headers: {
        host: "www.example.com",
        "X-HubSpot-Signature-Version": "v2",
        "X-HubSpot-Signature": "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e",
      },
    });
    expect(verifier.verify(req, config, NOW_MS)).toEqual({ ok: true });
  });

  test("hubspot verifier rebuilds the public URL from X-Forwarded-Host and X-Forwarded-Proto", () => {
    const req = makeRequest({
      body: "[]",
      query: { portal: "62515" },
      headers: {
        host: "127.0.0.1:8080",
        "x-forwarded-host": "hooks.example.com",
        "x-forwarded-proto": "https",
        "X-HubSpot-Request-Timestamp": String(NOW_MS),
        "X-HubSpot-Signature-v3": v3("https://hooks.example.com/in/tok_test?portal=62515", "[]"),
      },
    });
    expect(verifier.verify(req, config, NOW_MS)).toEqual({ ok: true });
  });

  test("hubspot verifier tries https when no X-Forwarded-Proto says which scheme HubSpot used", () => {
    const req = makeRequest({
      body: "{}",
      headers: {
        host: "relay.example.com",
        "X-HubSpot-Request-Timestamp": String(NOW_MS),
        "X-HubSpot-Signature-v3": v3("https://relay.example.com/in/tok_test", "{}"),
      },
    });
    expect(verifier.verify(req, config, NOW_MS)).toEqual({ ok: true });
  });

  test("hubspot verifier decodes the escapes HubSpot decodes before signing", () => {
    const req = makeRequest({
      body: "{}",
      query: { to: "a@b:c" },
      headers: {
        host: "relay.example.com",
        "x-forwarded-proto": "https",
        "X-HubSpot-Request-Timestamp": String(NOW_MS),
        "X-HubSpot-Signature-v3": v3("https://relay.example.com/in/tok_test?to=a@b:c", "{}"),
      },
    });
    expect(verifier.verify(req, config, NOW_MS)).toEqual({ ok: true });
  });

  test("hubspot verifier rejects an unsupported signature version", () => {
    const req = makeRequest({ headers: { "X-HubSpot-Signature-Version": "v9", "X-HubSpot-Signature": "00" } });
    expect(verifier.verify(req, config, NOW_MS)).toEqual({ ok: false, reason: "unsupported X-HubSpot-Signature-Version" });
  });
});
