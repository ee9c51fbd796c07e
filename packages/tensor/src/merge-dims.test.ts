import { describe, expect, it } from "vitest";
import { broadcastStrides, mergeDims, reducedStrides } from "./merge-dims.js";

describe("mergeDims", () => {
  it("folds an image plus a per-channel vector into one [pixels, channels] loop", () => {
    const out = [64, 28, 28, 8];
    const loop = mergeDims(out, [broadcastStrides(out, out), broadcastStrides([8], out)]);
    expect(loop).toEqual({ dims: [50176, 8], strides: [[8, 1], [0, 1]] });
  });

  it("keeps alternating reduced / kept runs apart and drops size-1 dims", () => {
    const shape = [2, 3, 1, 4, 5];
    const loop = mergeDims(shape, [reducedStrides(shape, [1, 2, 3])]);
    expect(loop).toEqual({ dims: [2, 12, 5], strides: [[5, 0, 1]] });
  });

  it("gives a scalar a one-element loop", () => {
    expect(mergeDims([1, 1], [[0, 0]])).toEqual({ dims: [1], strides: [[1]] });
  });
});

describe("broadcastStrides and reducedStrides", () => {
  it("read a broadcast operand with stride 0 along stretched and missing axes", () => {
    expect(broadcastStrides([3, 1], [2, 3, 4])).toEqual([0, 1, 0]);
    expect(broadcastStrides([], [2, 3])).toEqual([0, 0]);
  });

  it("write a reduction's output with stride 0 along reduced axes", () => {
    expect(reducedStrides([2, 3, 4], [1])).toEqual([4, 0, 1]);
    expect(reducedStrides([2, 3, 4], [0, 2])).toEqual([0, 1, 0]);
  });
});
