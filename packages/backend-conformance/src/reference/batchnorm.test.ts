import { Rng } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { batchNormBackwardReference, batchNormTrainReference } from "./batchnorm.js";

const rows = 5, cols = 3, eps = 1e-5;
const rng = new Rng(7);
const x = Float64Array.from({ length: rows * cols }, () => rng.normal(1, 2));
const gamma = Float64Array.from([0.5, 1, 2]);
const beta = Float64Array.from([0, 1, -1]);
const dy = Float64Array.from({ length: rows * cols }, () => rng.normal());
const zeros = new Float64Array(cols);

/** L = Σ y·dy, so ∂L/∂x is what batch-norm backward must return for upstream gradient dy. */
function loss(xs: Float64Array, g: Float64Array, b: Float64Array): number {
  const { y } = batchNormTrainReference(xs, g, b, zeros, zeros, rows, cols, eps, 0);
  return y.reduce((s, v, i) => s + v * dy[i], 0);
}

/** Central difference of `loss` in element i of one of its arguments. */
function numericGrad(which: 0 | 1 | 2, i: number): number {
  const h = 1e-6;
  const args = [x, gamma, beta].map((a) => Float64Array.from(a));
  args[which][i] += h;
  const up = loss(args[0], args[1], args[2]);
  args[which][i] -= 2 * h;
  const down = loss(args[0], args[1], args[2]);
  return (up - down) / (2 * h);
}

describe("batch-norm reference", () => {
  it("normalises each column to mean 0, variance 1 before γ and β; running variance is unbiased", () => {
    const r = batchNormTrainReference(x, new Float64Array(cols).fill(1), zeros, zeros, zeros, rows, cols, 0, 1);
    for (let c = 0; c < cols; c++) {
      const col = Array.from({ length: rows }, (_, i) => r.y[i * cols + c]);
      expect(col.reduce((a, b) => a + b, 0) / rows).toBeCloseTo(0, 12);
      expect(col.reduce((a, b) => a + b * b, 0) / rows).toBeCloseTo(1, 12);
      // momentum 1 makes the running variance the batch's unbiased variance: 1/invStd² · rows/(rows−1)
      expect(r.runVar[c]).toBeCloseTo((rows / (rows - 1)) / r.invStd[c] ** 2, 10);
    }
  });

  it("backward matches finite differences of Σ y·dy in x, γ and β", () => {
    const { mean, invStd } = batchNormTrainReference(x, gamma, beta, zeros, zeros, rows, cols, eps, 0);
    const { dx, dgamma, dbeta } = batchNormBackwardReference(x, dy, gamma, mean, invStd, rows, cols);
    dx.forEach((v, i) => expect(v).toBeCloseTo(numericGrad(0, i), 6));
    dgamma.forEach((v, c) => expect(v).toBeCloseTo(numericGrad(1, c), 6));
    dbeta.forEach((v, c) => expect(v).toBeCloseTo(numericGrad(2, c), 6));
  });
});
