import { randomNormal, Rng } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { AvgPool2D } from "./avg-pool2d.js";
import { assertGradcheck, gradcheck } from "./gradcheck.js";
import { referencePool } from "./test-reference.js";

const rnd = (shape: number[], seed: number) => randomNormal(shape, 0, 1, { rng: new Rng(seed) });

describe("AvgPool2D", () => {
  it("averages the cells of each window inside the image, like a direct float64 loop", () => {
    for (const [poolSize, stride, padding] of [[2, 2, "valid"], [3, 2, "same"], [2, 1, "same"]] as const) {
      const x = rnd([2, 5, 7, 3], 1);
      const y = new AvgPool2D({ poolSize, stride, padding }).forward(x, false);
      const ref = referencePool(x.dataSync(), [...x.shape], poolSize, stride, padding, (cells) => cells.reduce((a, b) => a + b) / cells.length);
      expect(y.shape).toEqual(ref.shape);
      y.dataSync().forEach((v, i) => expect(v).toBeCloseTo(ref.y[i], 5));
    }
  });

  it("passes gradcheck: 2x2 valid, 3x3 stride 2 same with odd sizes, batch 1", () => {
    assertGradcheck(gradcheck(() => new AvgPool2D(), rnd([2, 4, 6, 2], 2)));
    assertGradcheck(gradcheck(() => new AvgPool2D({ poolSize: 3, stride: 2, padding: "same" }), rnd([1, 5, 7, 2], 3)));
    assertGradcheck(gradcheck(() => new AvgPool2D({ poolSize: [2, 3], stride: 1, padding: 1 }), rnd([1, 3, 4, 1], 4)));
  });
});
