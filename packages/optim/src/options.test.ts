import { describe, expect, it } from "vitest";
import { checkOption, checkPositive } from "./options.js";

describe("checkOption", () => {
  it("returns values inside the range, ends included unless the top is open", () => {
    expect(checkOption("X", "a", 0, 0, 1)).toBe(0);
    expect(checkOption("X", "a", 1, 0, 1)).toBe(1);
    expect(checkOption("X", "a", 0.999, 0, 1, true)).toBe(0.999);
    expect(checkOption("X", "a", 1e9, 0)).toBe(1e9);
  });

  it("names owner, option, range and value when outside", () => {
    expect(() => checkOption("SGD", "momentum", 1, 0, 1, true)).toThrow("SGD: momentum must be in [0, 1), got 1");
    expect(() => checkOption("X", "a", 2, 0, 1)).toThrow("X: a must be in [0, 1], got 2");
    expect(() => checkOption("X", "lr", -0.1, 0)).toThrow("X: lr must be ≥ 0, got -0.1");
    expect(() => checkOption("X", "lr", NaN, 0)).toThrow("X: lr must be ≥ 0, got NaN");
    expect(() => checkOption("X", "lr", Infinity, 0)).toThrow(RangeError);
  });
});

describe("checkPositive", () => {
  it("accepts finite values > 0 and rejects the rest", () => {
    expect(checkPositive("X", "a", 1e-300)).toBe(1e-300);
    for (const bad of [0, -1, NaN, Infinity]) expect(() => checkPositive("X", "a", bad)).toThrow(`X: a must be > 0, got ${bad}`);
  });
});
