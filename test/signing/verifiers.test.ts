// The shared contract every signed source type must meet; provider quirks live in verifiers/*.test.ts.
import { describe, expect, test } from "bun:test";
import { getVerifier } from "../../src/signing/index.ts";
import { INTERNAL_ERROR_REASON } from "../../src/signing/verifiers/define.ts";
import { NOW_MS, SAMPLE_BODY, SIX_MINUTES_MS, TAMPERED_BODY, makeRequest } from "./helpers.ts";
import { CASES } from "./verifier-cases.ts";

for (const c of CASES) {
  describe(`${c.type} verifier`, () => {
    const verifier = getVerifier(c.type);
    const check = (body: string, signed: object) => {
      if (!verifier) throw new Error(`no verifier registered for ${c.type}`);
      return verifier.verify(makeRequest({ ...signed, body }), c.config, NOW_MS);
    };

    test(`${c.type} verifier is registered and accepts its test config`, () => {
      expect(verifier?.validateConfig(c.config)).toEqual({ ok: true, config: expect.any(Object) });
    });

    test(`${c.type} verifier accepts a correctly signed request`, async () => {
      expect(check(SAMPLE_BODY, await c.sign(SAMPLE_BODY, NOW_MS, c.config))).toEqual({ ok: true });
    });

    if (c.signsBody) {
      test(`${c.type} verifier rejects a request whose body was changed after signing`, async () => {
        const result = check(TAMPERED_BODY, await c.sign(SAMPLE_BODY, NOW_MS, c.config));
        expect(result).toEqual({ ok: false, reason: "signature mismatch" });
      });
    } else {
      test(`${c.type} verifier accepts any body because it authenticates only the sender`, async () => {
        expect(check(TAMPERED_BODY, await c.sign(SAMPLE_BODY, NOW_MS, c.config)).ok).toBe(true);
      });
    }

    test(`${c.type} verifier rejects a request signed with a different secret`, async () => {
      const result = check(SAMPLE_BODY, await c.sign(SAMPLE_BODY, NOW_MS, c.otherConfig));
      expect(result.ok).toBe(false);
    });

    if (c.timestamped) {
      test(`${c.type} verifier rejects a signature older than the tolerance`, async () => {
        const result = check(SAMPLE_BODY, await c.sign(SAMPLE_BODY, NOW_MS - SIX_MINUTES_MS, c.config));
        expect(result).toEqual({ ok: false, reason: expect.stringContaining("tolerance") });
      });

      test(`${c.type} verifier rejects a timestamp further in the future than the tolerance`, async () => {
        const result = check(SAMPLE_BODY, await c.sign(SAMPLE_BODY, NOW_MS + SIX_MINUTES_MS, c.config));
        expect(result).toEqual({ ok: false, reason: expect.stringContaining("tolerance") });
      });

      test(`${c.type} verifier accepts a signature four minutes old`, async () => {
        expect(check(SAMPLE_BODY, await c.sign(SAMPLE_BODY, NOW_MS - 4 * 60 * 1000, c.config)).ok).toBe(true);
      });
    }

    test(`${c.type} verifier rejects a request with no authentication headers`, () => {
      const result = check(SAMPLE_BODY, {});
      expect(result).toEqual({ ok: false, reason: expect.stringMatching(/missing/) });
    });

    test(`${c.type} verifier rejects malformed authentication headers with a reason`, () => {
      for (const signed of c.malformed) {
        const result = check(SAMPLE_BODY, signed);
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.reason.length).toBeGreaterThan(0);
          expect(result.reason).not.toContain(INTERNAL_ERROR_REASON);
        }
      }
    });

    test(`${c.type} verifier rejects every request when its stored config is invalid`, async () => {
      const signed = await c.sign(SAMPLE_BODY, NOW_MS, c.config);
      const broken = Object.fromEntries(Object.keys(c.config).map((key) => [key, 42]));
      const result = verifier?.verify(makeRequest({ ...signed, body: SAMPLE_BODY }), broken, NOW_MS);
      expect(result).toEqual({ ok: false, reason: expect.stringContaining("invalid source config") });
    });
  });
}
