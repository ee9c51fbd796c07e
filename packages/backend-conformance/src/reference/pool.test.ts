import { pool2dGeometry } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { avgPoolBackwardReference, avgPoolReference, maxPoolBackwardReference, maxPoolReference } from "./pool.js";

// the 3x3 image 1..9 under 2x2 windows, stride 2, same: the extra row and column go bottom / right,
// so the windows are {1,2,4,5}, {3,6}, {7,8}, {9}
const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
const g = pool2dGeometry([1, 3, 3, 1], 2, { padding: "same" });

describe("pooling reference", () => {
  it("max and average over the cells inside the image", () => {
    expect(Array.from(maxPoolReference(x, g))).toEqual([5, 6, 8, 9]);
    expect(Array.from(avgPoolReference(x, g))).toEqual([3, 4.5, 7.5, 9]);
  });

  it("backward: max routes to the argmax, average spreads over the cells inside", () => {
    const dy = Float64Array.from([1, 2, 3, 4]);
    expect(Array.from(maxPoolBackwardReference(x, dy, g))).toEqual([0, 0, 0, 0, 1, 2, 0, 3, 4]);
    expect(Array.from(avgPoolBackwardReference(dy, g))).toEqual([0.25, 0.25, 1, 0.25, 0.25, 1, 1.5, 1.5, 4]);
  });

  it("a tie goes to the first cell in row-major order", () => {
    const tied = Float64Array.from([7, 7, 0, 7, 7, 0, 0, 0, 0]);
    expect(Array.from(maxPoolBackwardReference(tied, Float64Array.from([1, 0, 0, 0]), g))).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("backward: a NaN first cell keeps the gradient, a later NaN never takes it", () => {
    // windows {NaN, 2, 4, 5}, {3, NaN}, {7, NaN}, {9}
    const nan = Float64Array.from([NaN, 2, 3, 4, 5, NaN, 7, NaN, 9]);
    expect(Array.from(maxPoolBackwardReference(nan, Float64Array.from([1, 2, 3, 4]), g))).toEqual([1, 0, 2, 0, 0, 0, 3, 0, 4]);
  });
});
