import { describe, expect, test } from "bun:test";
import { dedupeKeyOf, validateDedupe } from "../../src/inbound/dedupe";

describe("dedupe", () => {
  test("keys come from a header or a JSON field and are hashed", () => {
    const byHeader = validateDedupe({ header: "X-GitHub-Delivery", windowSec: 60 });
    expect(byHeader.ok).toBe(true);
    if (!byHeader.ok || !byHeader.dedupe) throw new Error();
    const k1 = dedupeKeyOf(byHeader.dedupe, new Headers({ "x-github-delivery": "abc" }), undefined);
    expect(k1).toMatch(/^[0-9a-f]{64}$/);
    expect(dedupeKeyOf(byHeader.dedupe, new Headers({ "x-github-delivery": "abc" }), {})).toBe(k1!);
    expect(dedupeKeyOf(byHeader.dedupe, new Headers(), {})).toBeNull();

    const byField = validateDedupe({ jsonField: "data.id" });
    if (!byField.ok || !byField.dedupe) throw new Error();
    expect(byField.dedupe.windowSec).toBe(3600);
    expect(dedupeKeyOf(byField.dedupe, new Headers(), { data: { id: "evt_1" } })).toMatch(/^[0-9a-f]{64}$/);
    expect(dedupeKeyOf(byField.dedupe, new Headers(), { data: {} })).toBeNull();
  });

  test("configs need exactly one key source and a bounded window", () => {
    expect(validateDedupe({ windowSec: 10 }).ok).toBe(false);
    expect(validateDedupe({ header: "a", jsonField: "b" }).ok).toBe(false);
    expect(validateDedupe({ header: "bad header" }).ok).toBe(false);
    expect(validateDedupe({ header: "x-id", windowSec: 0 }).ok).toBe(false);
    expect(validateDedupe({ header: "x-id", windowSec: 10 * 86_400 }).ok).toBe(false);
    expect(validateDedupe(null)).toEqual({ ok: true, dedupe: null });
  });
});
