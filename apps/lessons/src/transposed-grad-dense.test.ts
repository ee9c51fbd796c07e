import { Dense } from "@chainrule/layers";
import { JsBackend, Rng, tensor, withBackend } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { TransposedGradDense } from "./transposed-grad-dense.js";

describe("TransposedGradDense", () => {
  it("computes Dense's output, input gradient and bias gradient, and the transpose of its weight gradient", () => {
    withBackend(new JsBackend({ dtype: "float64" }), () => {
      const rng = new Rng(5);
      const x = tensor(Float64Array.from({ length: 2 * 3 }, () => rng.normal()), [2, 3]);
      const dy = tensor(Float64Array.from({ length: 2 * 3 }, () => rng.normal()), [2, 3]);
      const run = (layer: Dense) => {
        const y = [...layer.forward(x, true).dataSync()];
        const dx = [...layer.backward(dy).dataSync()];
        const [w, b] = layer.parameters().map((p) => [...p.grad.dataSync()]);
        return { y, dx, w, b };
      };
      const right = run(new Dense({ units: 3, rng: new Rng(1) }));
      const wrong = run(new TransposedGradDense({ units: 3, rng: new Rng(1) }));
      expect(wrong.y).toEqual(right.y);
      expect(wrong.dx).toEqual(right.dx);
      expect(wrong.b).toEqual(right.b);
      const transposed = [0, 3, 6, 1, 4, 7, 2, 5, 8].map((k) => right.w[k]);
      expect(wrong.w).toEqual(transposed);
      expect(wrong.w).not.toEqual(right.w);
    });
  });
});
