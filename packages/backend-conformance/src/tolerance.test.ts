import { describe, expect, it } from "vitest";
import { expectClose, toleranceFor } from "./tolerance.js";

describe("expectClose", () => {
  const tol = toleranceFor("float32");

  it("accepts differences within atol·scale + rtol·|expected|", () => {
    // scale 1000 (the RMS): 1e-4·1000 + 1e-4·1000 = 0.2
    expect(() => expectClose([1000.19], [1000], tol, "big")).not.toThrow();
    expect(() => expectClose([1000.21], [1000], tol, "big")).toThrowError("big: 1 of 1");
    expect(() => expectClose([5e-5], [0], tol, "near zero")).not.toThrow();
    expect(() => expectClose([NaN, Infinity, 1, 9], [NaN, Infinity, 1], tol, "specials, longer read")).not.toThrow();
  });

  it("scales atol by the RMS of the expected values, so a small entry of a large result gets the result's rounding", () => {
    // RMS of [0, 100, −100, 100] is 86.6: atol becomes 8.66e-3 for every entry, including the 0
    expect(() => expectClose([0.008, 100, -100, 100], [0, 100, -100, 100], tol, "scaled")).not.toThrow();
    expect(() => expectClose([0.009, 100, -100, 100], [0, 100, -100, 100], tol, "scaled")).toThrowError("scaled: 1 of 4");
  });

  it("names the label, the count and the first mismatches", () => {
    // RMS of [1, 2, 3, 4] is 2.74, so atol is 2.74e-4
    expect(() => expectClose([1, 2.01, 3, NaN], [1, 2, 3, 4], tol, "matmul NT")).toThrowError(
      "matmul NT: 2 of 4 values differ from the float64 reference by more than 0.000274 + 0.0001·|ref|: [1] 2.01 vs reference 2; [3] NaN vs reference 4",
    );
    expect(() => expectClose([1], [1, 2], tol, "short")).toThrowError("short: read back 1 values but expected at least 2");
    expect(() => expectClose([-Infinity], [Infinity], tol, "inf")).toThrowError("inf: 1 of 1");
  });
});
