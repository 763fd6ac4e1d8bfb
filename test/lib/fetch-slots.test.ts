// What Bun's fetch runs at once, as the server reads it, and when the server leaves its process alone.
// The restart itself is exercised on the compiled binary (test/smoke/binary.test.ts).
import { describe, expect, test } from "bun:test";
import { BUN_DEFAULT_FETCH_SLOTS, fetchSlotsInForce, reexecWithFetchSlots } from "../../src/lib/fetch-slots";

describe("fetch slots", () => {
  test("the number in force is the environment's when Bun would accept it, else Bun's default of 256", () => {
    expect(fetchSlotsInForce({ BUN_CONFIG_MAX_HTTP_REQUESTS: "64" })).toBe(64);
    expect(fetchSlotsInForce({})).toBe(BUN_DEFAULT_FETCH_SLOTS);
    for (const bad of ["", "0", "-3", "1.5", "abc", "70000"]) expect(fetchSlotsInForce({ BUN_CONFIG_MAX_HTTP_REQUESTS: bad })).toBe(256);
  });

  test("no restart when fetch-slots is 0 or the operator set the variable; the reason is returned", () => {
    expect(reexecWithFetchSlots(0, {})).toBe("fetch-slots is 0: Bun's default stays");
    expect(reexecWithFetchSlots(64, { BUN_CONFIG_MAX_HTTP_REQUESTS: "128" })).toBe("BUN_CONFIG_MAX_HTTP_REQUESTS is set in the environment");
  });
});
