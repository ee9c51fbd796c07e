import { randomNormal, Rng, ShapeError } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { assertGradcheck, gradcheck } from "./gradcheck.js";
import { MaxPool2D } from "./max-pool2d.js";
import { referencePool } from "./test-reference.js";

const rnd = (shape: number[], seed: number) => randomNormal(shape, 0, 1, { rng: new Rng(seed) });

describe("MaxPool2D", () => {
  it("takes the maximum of each window, like a direct float64 loop", () => {
    for (const [poolSize, stride, padding] of [[2, 2, "valid"], [3, 2, "same"], [2, 1, "valid"]] as const) {
      const x = rnd([2, 5, 7, 3], 1);
      const y = new MaxPool2D({ poolSize, stride, padding }).forward(x, false);
      const ref = referencePool(x.dataSync(), [...x.shape], poolSize, stride, padding, (cells) => Math.max(...cells));
      expect(y.shape).toEqual(ref.shape);
      expect(Array.from(y.dataSync())).toEqual(Array.from(Float32Array.from(ref.y)));
    }
  });

  it("passes gradcheck: 2x2 valid, 3x3 stride 2 same with odd sizes, overlapping windows, batch 1", () => {
    assertGradcheck(gradcheck(() => new MaxPool2D(), rnd([2, 4, 6, 2], 2)));
    assertGradcheck(gradcheck(() => new MaxPool2D({ poolSize: 3, stride: 2, padding: "same" }), rnd([1, 5, 7, 2], 3)));
    assertGradcheck(gradcheck(() => new MaxPool2D({ poolSize: 2, stride: 1 }), rnd([1, 3, 3, 1], 4)));
  });

  it("rejects flat input, naming the layer", () => {
    expect(() => new MaxPool2D({ name: "pool1" }).build([784])).toThrow(ShapeError);
    expect(() => new MaxPool2D({ name: "pool1" }).build([784])).toThrow("MaxPool2D 'pool1' expects samples of shape [height, width, channels] but got [784]");
    expect(new MaxPool2D({ name: "pool1" }).config()).toEqual({ type: "MaxPool2D", name: "pool1", poolSize: [2, 2], stride: [2, 2], padding: "valid" });
  });
});
