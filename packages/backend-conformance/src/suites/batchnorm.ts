import { describe } from "vitest";
import type { Harness } from "../harness.js";
import type { KernelTest } from "../kernel-test.js";
import { batchNormBackwardReference, batchNormInferReference, batchNormTrainReference } from "../reference/batchnorm.js";

/** [rows, cols]: a flat batch, an NHWC image batch seen as [batch·H·W, C], a wide row. */
const CASES: [number, number][] = [[13, 7], [50, 3], [2, 33]];
const EPS = 1e-5;
const MOMENTUM = 0.1;

/** Columns with their own offset and spread, so normalisation has something to do. */
function batch(h: Harness, rows: number, cols: number): Float64Array {
  const shift = h.random(cols, -2, 2);
  const scale = h.random(cols, 0.5, 3);
  return h.random(rows * cols).map((v, i) => shift[i % cols] + scale[i % cols] * v);
}

/** The inputs batchNormTrain and batchNormInfer share: a batch, γ, β and running statistics to fold in or use. */
function forwardInputs(h: Harness, rows: number, cols: number) {
  return {
    x: h.input("x", batch(h, rows, cols)),
    gamma: h.input("gamma", h.random(cols, 0.5, 1.5)),
    beta: h.input("beta", h.random(cols)),
    runMean: h.input("runMean", h.random(cols)),
    runVar: h.input("runVar", h.random(cols, 0.5, 2)),
  };
}

/** batchNormTrain (with the running-statistics update), batchNormInfer and batchNormBackward. */
export function batchNormSuite(test: KernelTest): void {
  describe("batch norm", () => {
    for (const [rows, cols] of CASES) {
      test(`batchNormTrain rows=${rows} cols=${cols}`, (h) => {
        const { x, gamma, beta, runMean, runVar } = forwardInputs(h, rows, cols);
        const y = h.output("y", rows * cols);
        const mean = h.output("mean", cols);
        const invStd = h.output("invStd", cols);
        const ref = batchNormTrainReference(x.values, gamma.values, beta.values, runMean.values, runVar.values, rows, cols, EPS, MOMENTUM);
        h.backend.batchNormTrain(x.id, gamma.id, beta.id, y.id, mean.id, invStd.id, runMean.id, runVar.id, { rows, cols, eps: EPS, momentum: MOMENTUM });
        y.expect(ref.y);
        mean.expect(ref.mean);
        invStd.expect(ref.invStd);
        runMean.expect(ref.runMean);
        runVar.expect(ref.runVar);
      });
      test(`batchNormInfer rows=${rows} cols=${cols}`, (h) => {
        const { x, gamma, beta, runMean, runVar } = forwardInputs(h, rows, cols);
        const y = h.output("y", rows * cols);
        h.backend.batchNormInfer(x.id, gamma.id, beta.id, runMean.id, runVar.id, y.id, { rows, cols, eps: EPS });
        y.expect(batchNormInferReference(x.values, gamma.values, beta.values, runMean.values, runVar.values, cols, EPS));
      });
      test(`batchNormBackward rows=${rows} cols=${cols}`, (h) => {
        const xValues = batch(h, rows, cols);
        // the statistics batchNormTrain would have saved, from the float64 reference
        const stats = batchNormTrainReference(xValues, new Float64Array(cols).fill(1), new Float64Array(cols), new Float64Array(cols), new Float64Array(cols), rows, cols, EPS, 0);
        const x = h.input("x", xValues);
        const dy = h.input("dy", h.random(rows * cols));
        const gamma = h.input("gamma", h.random(cols, 0.5, 1.5));
        const mean = h.input("mean", stats.mean);
        const invStd = h.input("invStd", stats.invStd);
        const dx = h.output("dx", rows * cols);
        const dgamma = h.output("dgamma", cols);
        const dbeta = h.output("dbeta", cols);
        h.backend.batchNormBackward(x.id, dy.id, gamma.id, mean.id, invStd.id, dx.id, dgamma.id, dbeta.id, { rows, cols, eps: EPS });
        const ref = batchNormBackwardReference(x.values, dy.values, gamma.values, mean.values, invStd.values, rows, cols);
        dx.expect(ref.dx);
        dgamma.expect(ref.dgamma);
        dbeta.expect(ref.dbeta);
      });
    }
  });
}
