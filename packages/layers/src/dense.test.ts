import { JsBackend, memory, randomNormal, Rng, ShapeError, tidy } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { Dense } from "./dense.js";
import { assertGradcheck, gradcheck } from "./gradcheck.js";
import { backwardResult } from "./test-grads.js";

const rnd = (shape: number[], seed: number) => randomNormal(shape, 0, 1, { rng: new Rng(seed) });

describe("Dense", () => {
  it("computes y = x·W + b like a float64 loop", () => {
    const layer = new Dense({ units: 3, biasInitializer: "heNormal", rng: new Rng(3) });
    const x = rnd([4, 5], 1);
    const y = layer.forward(x, false).dataSync();
    const [w, b] = layer.parameters().map((p) => p.value.dataSync());
    const xs = x.dataSync();
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 3; j++) {
        let s = b[j];
        for (let k = 0; k < 5; k++) s += xs[i * 5 + k] * w[k * 3 + j];
        expect(y[i * 3 + j]).toBeCloseTo(s, 5);
      }
    }
  });

  it("passes gradcheck, with and without bias, batch 1 and odd sizes", () => {
    assertGradcheck(gradcheck(() => new Dense({ units: 3, biasInitializer: "heNormal" }), rnd([4, 5], 2)));
    assertGradcheck(gradcheck(() => new Dense({ units: 7, useBias: false }), rnd([1, 3], 3)));
  });

  it("fills bit-identical parameter grads and returns null when asked for no input gradient", () => {
    const make = () => new Dense({ units: 3, biasInitializer: "heNormal", rng: new Rng(4) });
    const [x, dy] = [rnd([4, 5], 8), rnd([4, 3], 9)];
    const full = backwardResult(make, x, dy, {});
    const paramsOnly = backwardResult(make, x, dy, { inputGrad: false });
    expect(full.dx?.shape).toEqual([4, 5]);
    expect(paramsOnly.dx).toBeNull();
    expect(full.grads.length).toBe(2);
    expect(paramsOnly.grads).toEqual(full.grads);
  });

  it("names the layer, both shapes and a hint in a shape error, and the backends when they differ", () => {
    const fc1 = new Dense({ units: 10, name: "fc1" });
    fc1.build([784]);
    expect(() => fc1.forward(rnd([64, 28, 28, 1], 4), true)).toThrow(ShapeError);
    expect(() => fc1.forward(rnd([64, 28, 28, 1], 4), true)).toThrow("Dense 'fc1' expects [batch, 784] but got [64, 28, 28, 1]; add Flatten before it");
    expect(() => new Dense({ units: 10, name: "fc2" }).build([28, 28, 1])).toThrow("Dense 'fc2' expects samples of shape [features] but got [28, 28, 1]; add Flatten before it");
    expect(() => new Dense({ units: 0 })).toThrow(RangeError);
    expect(() => fc1.forward(randomNormal([2, 784], 0, 1, { backend: new JsBackend({ dtype: "float64" }) }), true)).toThrow(
      "Dense 'fc1': inputs live on different backends (js-f64 and js); move them to one backend first: await tensor.to(backend) for a tensor, await model.to(backend) for a model",
    );
  });

  it("names parameters after the layer and reuses its buffers while the batch shape holds", () => {
    const layer = new Dense({ units: 2, name: "fc1" });
    const x = rnd([3, 4], 5);
    expect(layer.parameters().length).toBe(0);
    const y1 = layer.forward(x, true);
    expect(layer.parameters().map((p) => p.name)).toEqual(["fc1.weight", "fc1.bias"]);
    const dx1 = layer.backward(y1);
    const before = memory().js.tensors;
    expect(layer.forward(x, true)).toBe(y1);
    expect(layer.backward(y1)).toBe(dx1);
    expect(memory().js.tensors).toBe(before);
    const y2 = layer.forward(rnd([5, 4], 6), true);
    expect(y2.shape).toEqual([5, 2]);
    expect(y1.isDisposed).toBe(true);
  });

  it("keeps its parameters when first built inside tidy", () => {
    const layer = new Dense({ units: 2 });
    tidy(() => {
      layer.forward(rnd([1, 3], 7), false);
    });
    expect(layer.parameters().every((p) => !p.value.isDisposed && !p.grad.isDisposed)).toBe(true);
  });
});
