import { ones, randomNormal, Rng, ShapeError } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { assertGradcheck, gradcheck } from "./gradcheck.js";
import { Softmax } from "./softmax.js";

describe("Softmax", () => {
  it("matches exp(x) / Σ exp(x) per row, computed in float64", () => {
    const x = randomNormal([3, 4], 0, 3, { rng: new Rng(1) });
    const y = new Softmax().forward(x, false).dataSync();
    const xs = x.dataSync();
    for (let r = 0; r < 3; r++) {
      const e = Array.from({ length: 4 }, (_, c) => Math.exp(xs[r * 4 + c]));
      const z = e.reduce((a, b) => a + b);
      e.forEach((v, c) => expect(y[r * 4 + c]).toBeCloseTo(v / z, 6));
    }
  });

  it("passes gradcheck over the last axis of flat and image inputs, batch 1", () => {
    assertGradcheck(gradcheck(() => new Softmax(), randomNormal([5, 3], 0, 1, { rng: new Rng(2) })));
    assertGradcheck(gradcheck(() => new Softmax(), randomNormal([1, 2, 3, 4], 0, 1, { rng: new Rng(3) })));
  });

  it("refuses scalar samples, whose last axis would be the batch", () => {
    const call = () => new Softmax({ name: "probs" }).forward(ones([4]), false);
    expect(call).toThrow(ShapeError);
    expect(call).toThrow("Softmax 'probs' expects samples with at least one axis (the classes) but got []; it normalises the last axis of each sample, which a scalar sample lacks");
  });
});
