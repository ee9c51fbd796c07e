import { describe, expect, it } from "vitest";
import { argmaxReference } from "./reduce.js";

describe("argmax reference", () => {
  it("takes the first maximum; a NaN never takes over, and a NaN first element stays", () => {
    const x = Float64Array.from([1, 3, 3, 2, NaN, 5, NaN, 1, Infinity, -Infinity, -Infinity, -Infinity]);
    // rows [1, 3, 3], [2, NaN, 5], [NaN, 1, ∞], [−∞, −∞, −∞]
    expect(Array.from(argmaxReference(x, [4, 3], 1))).toEqual([1, 2, 0, 0]);
    // columns (1, NaN, ∞), (3, 5, −∞), (3, NaN, −∞), (2, 1, −∞)
    expect(Array.from(argmaxReference(x, [3, 4], 0))).toEqual([2, 1, 0, 0]);
  });
});
