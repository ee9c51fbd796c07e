import { describe, expect, it } from "vitest";
import { logSoftmaxReference, meanSquaredErrorReference, sigmoidCrossEntropyReference, softmaxCrossEntropyReference, softmaxReference } from "./softmax.js";

describe("softmax and loss references", () => {
  it("softmax of [0, ln 3] is [1/4, 3/4], also shifted by 1000", () => {
    expect(Array.from(softmaxReference(Float64Array.from([0, Math.log(3)]), 1, 2))).toEqual([expect.closeTo(0.25, 15), expect.closeTo(0.75, 15)]);
    const shifted = logSoftmaxReference(Float64Array.from([1000, 1000 + Math.log(3)]), 1, 2);
    expect(Array.from(shifted)).toEqual([expect.closeTo(Math.log(0.25), 12), expect.closeTo(Math.log(0.75), 12)]);
  });

  it("cross-entropy of [0, ln 3] with label 1 is −ln(3/4), gradient softmax − onehot", () => {
    const { loss, dlogits } = softmaxCrossEntropyReference(Float64Array.from([0, Math.log(3)]), Float64Array.from([1]), 1, 2, true, 0);
    expect(loss).toBeCloseTo(-Math.log(0.75), 14);
    expect(Array.from(dlogits)).toEqual([expect.closeTo(0.25, 14), expect.closeTo(-0.25, 14)]);
  });

  it("smoothing 0.2 over 2 classes makes the target [0.1, 0.9]", () => {
    const { loss } = softmaxCrossEntropyReference(Float64Array.from([0, Math.log(3)]), Float64Array.from([1]), 1, 2, true, 0.2);
    expect(loss).toBeCloseTo(-(0.1 * Math.log(0.25) + 0.9 * Math.log(0.75)), 14);
  });

  it("sigmoid cross-entropy at x = 0 is ln 2 whatever the target; at ±1000 it is finite", () => {
    const { loss, dlogits } = sigmoidCrossEntropyReference(Float64Array.from([0, 0]), Float64Array.from([0, 1]));
    expect(loss).toBeCloseTo(Math.LN2, 15);
    expect(Array.from(dlogits)).toEqual([0.25, -0.25]);
    // a confident wrong answer costs |x|: −log σ(−1000) = 1000
    expect(sigmoidCrossEntropyReference(Float64Array.from([1000, -1000]), Float64Array.from([0, 1])).loss).toBeCloseTo(1000, 10);
  });

  it("mean squared error of [1, 3] against [0, 0] is 5, gradient [1, 3]", () => {
    const { loss, dpred } = meanSquaredErrorReference(Float64Array.from([1, 3]), Float64Array.from([0, 0]));
    expect(loss).toBe(5);
    expect(Array.from(dpred)).toEqual([1, 3]);
  });
});
