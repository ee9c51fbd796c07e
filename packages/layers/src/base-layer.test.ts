import { JsBackend, randomNormal, Rng, withBackend, type Tensor } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import type { BaseLayer } from "./base-layer.js";
import { BatchNorm } from "./batch-norm.js";
import { Conv2D } from "./conv2d.js";
import { Dense } from "./dense.js";

const f64 = new JsBackend({ dtype: "float64" });
const rnd = (shape: number[], seed: number) => randomNormal(shape, 0, 1, { rng: new Rng(seed), backend: f64 });
const grads = (layer: BaseLayer) => layer.parameters().map((p) => Array.from(p.grad.dataSync()));

// Every layer with parameters, in the modes whose backward differs (BatchNorm: batch or running statistics).
const cases: [string, () => BaseLayer, number[], number[], boolean][] = [
  ["Dense", () => new Dense({ units: 3, biasInitializer: "heNormal", rng: new Rng(1) }), [4, 5], [4, 3], true],
  ["Conv2D, stride 2, same padding", () => new Conv2D({ filters: 3, kernelSize: 3, stride: 2, padding: "same", rng: new Rng(2) }), [2, 5, 5, 2], [2, 3, 3, 3], true],
  ["BatchNorm in training", () => new BatchNorm(), [6, 4], [6, 4], true],
  ["BatchNorm in inference", () => new BatchNorm(), [2, 3, 3, 4], [2, 3, 3, 4], false],
];

describe("backward with accumulate", () => {
  it.each(cases)("%s: adds this batch's gradients to those already there, and returns the same dx", (_name, make, xShape, dyShape, training) => {
    withBackend(f64, () => {
      const [x, dy] = [rnd(xShape, 3), rnd(dyShape, 4)];
      const layer = make();
      layer.forward(x, training);
      const dx = Array.from(layer.backward(dy).dataSync());
      const batchGrads = grads(layer);
      // Gradients left by earlier batches: arbitrary values, so an overwrite or a doubled sum shows.
      const earlier = layer.parameters().map((p, i) => Array.from({ length: p.size }, (_, j) => (i + 1) * 0.37 - j * 0.11));
      layer.parameters().forEach((p, i) => f64.write(p.grad.dataId, earlier[i]));
      layer.forward(x, training);
      expect(Array.from((layer.backward(dy, { accumulate: true }) as Tensor).dataSync())).toEqual(dx);
      expect(grads(layer)).toEqual(earlier.map((g, i) => g.map((v, j) => v + batchGrads[i][j])));
      // Without the option the next backward overwrites again.
      layer.backward(dy);
      expect(grads(layer)).toEqual(batchGrads);
    });
  });

  it("accumulates when asked for no input gradient too", () => {
    withBackend(f64, () => {
      const [x, dy] = [rnd([3, 4], 5), rnd([3, 2], 6)];
      const layer = new Dense({ units: 2, rng: new Rng(7) });
      layer.forward(x, true);
      layer.backward(dy, { inputGrad: false });
      const once = grads(layer);
      expect(layer.backward(dy, { inputGrad: false, accumulate: true })).toBeNull();
      expect(grads(layer)).toEqual(once.map((g) => g.map((v) => v + v)));
    });
  });
});
