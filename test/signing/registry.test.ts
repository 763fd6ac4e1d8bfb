import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { IngestSourceInSerializer } from "svix/dist/models/ingestSourceIn";
import { getVerifier, listVerifierTypes } from "../../src/signing/index.ts";
import { CASES } from "./verifier-cases.ts";

// svix ingest types that hookrelay deliberately does not implement, with the reason.
const NOT_SUPPORTED: Record<string, string> = {
  cron: "a scheduled source, not an inbound request to verify",
  "adobe-sign": "needs the client id echoed in every response, which the verifier interface cannot express",
  "orum-io": "RSA scheme over a body field; no published test vector to verify our reading against",
  vgs: "no published signature formula found",
};
const HOOKRELAY_EXTENSIONS = ["standard-webhooks", "hmac", "basic-auth", "api-key"];

function svixIngestTypes(): string[] {
  const source = readFileSync(require.resolve("svix/dist/models/ingestSourceIn.js"), "utf8");
  return [...new Set([...source.matchAll(/case "([a-z0-9-]+)":/g)].map((m) => m[1]))];
}

describe("verifier registry", () => {
  test("listVerifierTypes() covers every svix ingest source type except the documented exceptions", () => {
    const svixTypes = svixIngestTypes();
    expect(svixTypes.length).toBeGreaterThan(30);
    const expected = svixTypes.filter((t) => !(t in NOT_SUPPORTED));
    expect(listVerifierTypes()).toEqual([...expected, ...HOOKRELAY_EXTENSIONS].sort());
  });

  test("getVerifier() returns undefined for an unknown type", () => {
    expect(getVerifier("carrier-pigeon")).toBeUndefined();
  });

  test("configs serialised by the svix SDK validate unchanged, so svix.ingest.source.create works against us", () => {
    for (const c of CASES.filter((c) => !HOOKRELAY_EXTENSIONS.includes(c.type))) {
      const wire = JSON.parse(JSON.stringify(IngestSourceInSerializer._toJsonObject({ name: "src", type: c.type, config: c.config } as never)));
      expect(Object.keys(wire.config).sort()).toEqual(Object.keys(c.config).sort());
      expect(getVerifier(c.type)!.validateConfig(wire.config)).toMatchObject({ ok: true });
    }
  });

  test("every verifier's secret fields are fields of its config", () => {
    for (const c of CASES) {
      const parsed = getVerifier(c.type)!.validateConfig(c.config);
      if (!parsed.ok) throw new Error(`${c.type}: ${parsed.field} ${parsed.message}`);
      for (const field of getVerifier(c.type)!.secretFields) expect(Object.keys(parsed.config)).toContain(field);
    }
  });

  test("every verifier rejects a config that is not a JSON object", () => {
    for (const type of listVerifierTypes()) {
      for (const bad of ["a string", 42, [], true]) {
        expect(getVerifier(type)!.validateConfig(bad)).toEqual({ ok: false, field: "config", message: "must be a JSON object" });
      }
    }
  });

  test("only schemes that send a credential itself declare it; signing schemes declare none", () => {
    const declared: Record<string, [string[], string[]]> = {};
    for (const c of CASES) {
      const v = getVerifier(c.type)!;
      const names: [string[], string[]] = [v.credentialHeaders(c.config), v.credentialQuery(c.config)];
      if (names[0].length || names[1].length) declared[c.type] = names;
    }
    expect(declared).toEqual({
      "basic-auth": [["Authorization"], []],
      "api-key": expect.any(Array),
      openclaw: [["x-openclaw-token", "Authorization"], []],
      vapi: [["x-vapi-secret", "Authorization"], []],
    });
    const apiKey = getVerifier("api-key")!;
    expect([apiKey.credentialHeaders({ key: "k" }), apiKey.credentialQuery({ key: "k" })]).toEqual([["X-API-Key"], []]);
    expect([apiKey.credentialHeaders({ key: "k", header: "Authorization", prefix: "Bearer " }), apiKey.credentialQuery({ key: "k", header: "Authorization" })]).toEqual([["Authorization"], []]);
    expect([apiKey.credentialHeaders({ key: "k", queryParam: "token" }), apiKey.credentialQuery({ key: "k", queryParam: "token" })]).toEqual([[], ["token"]]);
    // A config that does not validate declares nothing rather than throwing.
    expect(apiKey.credentialHeaders({ header: 42 } as never)).toEqual([]);
  });

  test("validateConfig() refuses an unknown key, naming it and the type's fields, before any other problem", () => {
    expect(getVerifier("stripe")!.validateConfig({ secret: "whsec_x", extra: 1 })).toEqual({
      ok: false, field: "extra", message: "is not a field of this source type (its fields: secret)",
    });
    // A typo of an optional field would otherwise silently fall back to the header default.
    expect(getVerifier("api-key")!.validateConfig({ query: "key" })).toMatchObject({ ok: false, field: "query" });
    expect(getVerifier("generic-webhook")!.validateConfig({ secret: "x" })).toEqual({
      ok: false, field: "secret", message: "is not a field of this source type (it takes none)",
    });
    for (const c of CASES) expect(getVerifier(c.type)!.validateConfig({ ...c.config, unexpected: null })).toMatchObject({ ok: false, field: "unexpected" });
  });
});
