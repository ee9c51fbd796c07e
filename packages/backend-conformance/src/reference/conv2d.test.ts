import { conv2dGeometry } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { conv2dBackwardFilterReference, conv2dBackwardInputReference, conv2dReference } from "./conv2d.js";

// x is the 3x3 image 1..9 (one channel); every expected number below is worked out by hand.
const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);

describe("conv2d reference", () => {
  it("2x2 valid filter [[1, 0], [0, −1]]: y = x[oy, ox] − x[oy+1, ox+1] + bias", () => {
    const g = conv2dGeometry([1, 3, 3, 1], [2, 2, 1, 1]);
    const w = Float64Array.from([1, 0, 0, -1]);
    expect(Array.from(conv2dReference(x, w, Float64Array.from([0.5]), g))).toEqual([-3.5, -3.5, -3.5, -3.5]);
    // dy = 1 everywhere: dx[i] is the sum of the filter taps that read i
    expect(Array.from(conv2dBackwardInputReference(new Float64Array(4).fill(1), w, g))).toEqual([1, 1, 0, 1, 0, -1, 0, -1, -1]);
    // dy = 1 everywhere: dw[ky, kx] is the sum of the 2x2 block of x starting at (ky, kx)
    expect(Array.from(conv2dBackwardFilterReference(x, new Float64Array(4).fill(1), g))).toEqual([12, 16, 24, 28]);
  });

  it("3x3 ones filter, stride 2, same: one row and column of zeros on each side", () => {
    const g = conv2dGeometry([1, 3, 3, 1], [3, 3, 1, 1], { stride: 2, padding: "same" });
    expect([g.outH, g.outW, g.padTop, g.padLeft]).toEqual([2, 2, 1, 1]);
    expect(Array.from(conv2dReference(x, new Float64Array(9).fill(1), null, g))).toEqual([12, 16, 24, 28]);
  });

  it("two channels in, two out: y[co] = Σ_ci x[ci]·w[ci, co] for a 1x1 filter", () => {
    const g = conv2dGeometry([1, 1, 1, 2], [1, 1, 2, 2]);
    // w[ci, co] = [[1, 2], [3, 4]], x = [10, 100]
    expect(Array.from(conv2dReference(Float64Array.from([10, 100]), Float64Array.from([1, 2, 3, 4]), null, g))).toEqual([310, 420]);
  });
});
