import { describe, expect, it } from "vitest";
import { broadcastShapes, normalizeAxes, ShapeError, sizeOf, stridesOf } from "./shape.js";

describe("shape utilities", () => {
  it("broadcasts with NumPy rules", () => {
    expect(broadcastShapes("add", [64, 10], [10])).toEqual([64, 10]);
    expect(broadcastShapes("add", [4, 1, 3], [5, 1])).toEqual([4, 5, 3]);
    expect(broadcastShapes("add", [], [2, 2])).toEqual([2, 2]);
    expect(broadcastShapes("add", [0, 3], [1, 3])).toEqual([0, 3]);
  });

  it("names the op and both shapes when shapes do not broadcast", () => {
    expect(() => broadcastShapes("add", [2, 3], [4])).toThrowError(ShapeError);
    expect(() => broadcastShapes("add", [2, 3], [4])).toThrowError("add expects shapes that broadcast (equal dimensions or 1, aligned from the right) but got [2, 3] and [4]; axis 1 has 3 and 4");
  });

  it("computes sizes, strides and axes", () => {
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(sizeOf([])).toBe(1);
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(normalizeAxes("sum", [2, 3, 4], [-1, 0])).toEqual([0, 2]);
    expect(() => normalizeAxes("sum", [2, 3], 2)).toThrowError("axis 2 is out of range");
  });
});
