import { describe, expect, it } from "vitest";
import { conv2dGeometry, pool2dGeometry } from "./geometry.js";
import { ShapeError } from "./shape.js";

describe("conv2dGeometry", () => {
  // expected sizes worked out by hand from the definitions:
  // valid out = floor((in − k)/s) + 1; same out = ceil(in/s) with total padding (out−1)·s + k − in, top gets the floor half;
  // explicit p: out = floor((in + 2p − k)/s) + 1
  const cases: [string, number, number, number, "valid" | "same" | number, number, number][] = [
    // label, in, k, stride, padding, out, padTop
    ["valid s1: 28 − 5 + 1", 28, 5, 1, "valid", 24, 0],
    ["valid s2: floor(23/2) + 1", 28, 5, 2, "valid", 12, 0],
    ["valid s2 odd: floor(4/2) + 1", 7, 3, 2, "valid", 3, 0],
    ["same s1 k5: pad 4 → 2 on top", 28, 5, 1, "same", 28, 2],
    ["same s1 k4: pad 3 → 1 on top, 2 below", 7, 4, 1, "same", 7, 1],
    ["same s2 on 7: out 4, pad 2 → 1 on top", 7, 3, 2, "same", 4, 1],
    ["same s2 on 8: out 4, pad 1 → 0 on top", 8, 3, 2, "same", 4, 0],
    ["same s2 k1: no padding", 7, 1, 2, "same", 4, 0],
    ["explicit 1 s1: 7 + 2 − 3 + 1", 7, 3, 1, 1, 7, 1],
    ["explicit 2 s2: floor((13 + 4 − 5)/2) + 1", 13, 5, 2, 2, 7, 2],
  ];
  for (const [label, input, k, stride, padding, out, padTop] of cases) {
    it(label, () => {
      const g = conv2dGeometry([2, input, input, 3], [k, k, 3, 4], { stride, padding });
      expect([g.outH, g.outW, g.padTop, g.padLeft]).toEqual([out, out, padTop, padTop]);
      expect([g.batch, g.inC, g.outC, g.kH, g.strideH]).toEqual([2, 3, 4, k, stride]);
    });
  }

  it("takes separate strides per axis", () => {
    const g = conv2dGeometry([1, 13, 11, 2], [5, 3, 2, 7], { stride: [2, 1], padding: 1 });
    expect([g.outH, g.outW, g.strideH, g.strideW]).toEqual([6, 11, 2, 1]);
  });

  it("names the problem in its errors", () => {
    expect(() => conv2dGeometry([64, 28, 28], [5, 5, 1, 8])).toThrowError(
      "conv2d expects an NHWC input [batch, height, width, channels] but got [64, 28, 28]; add a channel axis, e.g. Reshape to [28, 28, 1]",
    );
    expect(() => conv2dGeometry([1, 8, 8, 3], [3, 3, 2, 4])).toThrowError("conv2d expects a filter with 3 input channels but got [3, 3, 2, 4]; the input has 3 channels");
    expect(() => conv2dGeometry([1, 4, 4, 1], [5, 5, 1, 1])).toThrowError(ShapeError);
    expect(() => conv2dGeometry([1, 4, 4, 1], [5, 5, 1, 1])).toThrowError("use padding 'same' or a smaller kernel");
    expect(() => conv2dGeometry([1, 4, 4, 1], [3, 3, 1, 1], { stride: 0 })).toThrowError("conv2d: stride must be a positive integer, got 0");
    expect(() => conv2dGeometry([1, 4, 4, 1], [0, 3, 1, 1])).toThrowError("conv2d: window size must be a positive integer, got 0");
    expect(() => conv2dGeometry([1, 4, 4, 1], [3, 3, 1, 1], { padding: -1 })).toThrowError("padding must be 'valid', 'same' or a non-negative integer, got -1");
  });
});

describe("pool2dGeometry", () => {
  it("stride defaults to the window: 24 → 12, odd 7 → 3 (valid) or 4 (same)", () => {
    expect(pool2dGeometry([64, 24, 24, 8], 2)).toMatchObject({ outH: 12, outW: 12, strideH: 2, padTop: 0, channels: 8 });
    expect(pool2dGeometry([1, 7, 7, 1], 2)).toMatchObject({ outH: 3, outW: 3 });
    // same: out = ceil(7/2) = 4, total pad = 3·2 + 2 − 7 = 1, all of it bottom / right
    expect(pool2dGeometry([1, 7, 7, 1], 2, { padding: "same" })).toMatchObject({ outH: 4, padTop: 0 });
    // 3x3 stride 2 same on 7: out 4, total pad 3·2 + 3 − 7 = 2 → 1 on top
    expect(pool2dGeometry([1, 7, 7, 1], 3, { stride: 2, padding: "same" })).toMatchObject({ outH: 4, padTop: 1 });
    expect(pool2dGeometry([1, 6, 5, 1], [3, 2], { stride: 1, padding: 1 })).toMatchObject({ outH: 6, outW: 6, kH: 3, kW: 2 });
  });

  it("names the op in its errors", () => {
    expect(() => pool2dGeometry([24, 24, 8], 2, {}, "maxPool2d")).toThrowError("maxPool2d expects an NHWC input [batch, height, width, channels] but got [24, 24, 8]");
    expect(() => pool2dGeometry([1, 1, 1, 1], 2)).toThrowError("pool2d expects an input of at least 2x2 pixels but got [1, 1, 1, 1]");
    expect(() => pool2dGeometry([1, 4, 4, 1], 0, { stride: 1 }, "maxPool2d")).toThrowError("maxPool2d: window size must be a positive integer, got 0");
    expect(() => pool2dGeometry([1, 4, 4, 1], [2, 1.5])).toThrowError("pool2d: window size must be a positive integer, got 1.5");
  });
});
