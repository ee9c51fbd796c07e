import { describe, expect, it } from "vitest";
import { factor, listing, pointsFrom, rate, wrap } from "./format.js";

describe("format", () => {
  it("writes rates, factors, gaps and lists as the conclusions read them", () => {
    expect([1e-4, 3e-4, 0.001, 0.003, 0.3, 1, 10].map(rate)).toEqual(["1e-4", "3e-4", "0.001", "0.003", "0.3", "1", "10"]);
    expect([factor(1.53), factor(15029.4)]).toEqual(["1.5", "15,029"]);
    expect([pointsFrom(0.9249, 0.926), pointsFrom(0.9759, 0.926)]).toEqual(["0.1 points below", "5.0 points above"]);
    expect([listing(["a"]), listing(["a", "b"]), listing(["a", "b", "c"])]).toEqual(["a", "a and b", "a, b and c"]);
  });

  it("wraps at spaces and keeps paragraphs", () => {
    expect(wrap("one two three four\n\nfive", 9)).toBe("one two\nthree\nfour\n\nfive");
    expect(wrap("unbreakable-word here", 5)).toBe("unbreakable-word\nhere");
  });
});
