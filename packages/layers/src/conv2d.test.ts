import { randomNormal, Rng, ShapeError, type Padding } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { Conv2D } from "./conv2d.js";
import { assertGradcheck, gradcheck } from "./gradcheck.js";
import { backwardResult } from "./test-grads.js";
import { referenceConv } from "./test-reference.js";

const rnd = (shape: number[], seed: number) => randomNormal(shape, 0, 1, { rng: new Rng(seed) });

describe("Conv2D", () => {
  for (const [stride, padding] of [[1, "valid"], [2, "same"], [2, "valid"], [1, "same"]] as const) {
    it(`matches a direct float64 convolution (stride ${stride}, ${padding})`, () => {
      const layer = new Conv2D({ filters: 3, kernelSize: 3, stride, padding, biasInitializer: "heNormal", rng: new Rng(9) });
      const x = rnd([2, 7, 6, 2], 1);
      const y = layer.forward(x, false);
      const [w, b] = layer.parameters().map((p) => p.value.dataSync());
      const ref = referenceConv(x.dataSync(), [...x.shape], w, [3, 3, 2, 3], b, stride, padding);
      expect(y.shape).toEqual(ref.shape);
      y.dataSync().forEach((v, i) => expect(v).toBeCloseTo(ref.y[i], 4));
    });
  }

  const cases: [string, number | [number, number], number, Padding, number[], boolean][] = [
    ["3x3 stride 1 valid", 3, 1, "valid", [2, 5, 5, 2], true],
    ["3x3 stride 2 same, odd sizes", 3, 2, "same", [2, 7, 5, 3], true],
    ["2x3 stride 2 valid, batch 1", [2, 3], 2, "valid", [1, 6, 7, 2], true],
    ["3x3 stride 1 padding 1, no bias", 3, 1, 1, [1, 4, 4, 1], false],
    ["4x4 stride 2 same (uneven padding)", 4, 2, "same", [2, 5, 5, 1], true],
  ];
  for (const [title, kernelSize, stride, padding, shape, useBias] of cases) {
    it(`passes gradcheck: ${title}`, () => {
      assertGradcheck(gradcheck(() => new Conv2D({ filters: 2, kernelSize, stride, padding, useBias, biasInitializer: "heNormal" }), rnd(shape, 2)));
    });
  }

  it("fills bit-identical parameter grads and returns null when asked for no input gradient", () => {
    const make = () => new Conv2D({ filters: 3, kernelSize: 3, stride: 2, padding: "same", biasInitializer: "heNormal", rng: new Rng(4) });
    const [x, dy] = [rnd([2, 7, 6, 2], 8), rnd([2, 4, 3, 3], 9)];
    const full = backwardResult(make, x, dy, {});
    const paramsOnly = backwardResult(make, x, dy, { inputGrad: false });
    expect(full.dx?.shape).toEqual([2, 7, 6, 2]);
    expect(paramsOnly.dx).toBeNull();
    expect(full.grads.length).toBe(2);
    expect(paramsOnly.grads).toEqual(full.grads);
  });

  it("has PyTorch's parameter count and weight layout names", () => {
    const conv1 = new Conv2D({ filters: 8, kernelSize: 5, name: "conv1" });
    expect(conv1.build([28, 28, 1])).toEqual([24, 24, 8]);
    expect(conv1.parameters().map((p) => [p.name, p.shape])).toEqual([["conv1.weight", [5, 5, 1, 8]], ["conv1.bias", [8]]]);
    expect(conv1.parameters().reduce((n, p) => n + p.size, 0)).toBe(208);
  });

  it("says what is wrong with an input", () => {
    expect(() => new Conv2D({ filters: 8, kernelSize: 5, name: "conv1" }).build([784])).toThrow(ShapeError);
    expect(() => new Conv2D({ filters: 8, kernelSize: 5, name: "conv1" }).build([784])).toThrow(
      "Conv2D 'conv1' expects samples of shape [height, width, channels] but got [784]; add Reshape (e.g. to [28, 28, 1]) before it",
    );
    expect(() => new Conv2D({ filters: 8, kernelSize: 5, name: "c" }).build([3, 3, 1])).toThrow("Conv2D 'c' expects an input of at least 5x5 pixels");
    const conv = new Conv2D({ filters: 2, kernelSize: 3, name: "c" });
    conv.build([8, 8, 3]);
    expect(() => conv.forward(rnd([4, 8, 8, 1], 3), true)).toThrow("Conv2D 'c' expects [batch, 8, 8, 3] but got [4, 8, 8, 1]");
    expect(() => new Conv2D({ filters: 0, kernelSize: 3 })).toThrow(RangeError);
  });
});
