// Batch norm over the columns of x [rows, cols] (an NHWC image is [batch·H·W, C]).
//   train:    μ = mean_r x, σ² = mean_r (x − μ)², invStd = 1/sqrt(σ² + eps), y = (x − μ)·γ·invStd + β;
//             run ← (1 − m)·run + m·batch, with the unbiased variance Σ_r (x − μ)² / (rows − 1).
//   infer:    y = (x − runMean)·γ/sqrt(runVar + eps) + β.
//   backward: x̂ = (x − μ)·invStd; dβ = Σ_r dy; dγ = Σ_r dy·x̂; dx = γ·invStd/rows · (rows·dy − dβ − x̂·dγ).
// Per-column vectors [cols] broadcast against [rows, cols]. Centring first ((x − μ)·g, not x·g − μ·g)
// keeps the cancellation out of the product.
import type { BatchNormParams, BatchNormTrainParams, DataId } from "../backend.js";
import type { PrimitiveBackend } from "./primitives.js";
import { withScratch } from "./scratch.js";

/** run ← (1 − m)·run + m·batch, over `cols` values; `batch` is overwritten. */
function fold(p: PrimitiveBackend, run: DataId, batch: DataId, momentum: number, cols: number): void {
  p.binaryScalar("mul", run, 1 - momentum, run, cols);
  p.binaryScalar("mul", batch, momentum, batch, cols);
  p.binary("add", run, [cols], batch, [cols], run, [cols]);
}

/** Composite of `Backend.batchNormTrain`. */
export function batchNormTrain(
  p: PrimitiveBackend, x: DataId, gamma: DataId, beta: DataId, y: DataId, mean: DataId, invStd: DataId,
  runMean: DataId, runVar: DataId, params: BatchNormTrainParams,
): void {
  const { rows, cols, eps, momentum } = params;
  const m: [number, number] = [rows, cols];
  withScratch(p, [rows * cols, cols, cols], ([centred, sumSq, scale]) => {
    p.reduce("mean", x, m, [0], mean);
    p.binary("sub", x, m, mean, [cols], centred, m);
    // y holds the squares for a moment: it is overwritten below
    p.unary("square", centred, y, rows * cols);
    p.reduce("sum", y, m, [0], sumSq);
    p.binaryScalar("div", sumSq, rows, invStd, cols);
    p.binaryScalar("add", invStd, eps, invStd, cols);
    p.unary("sqrt", invStd, invStd, cols);
    p.unary("reciprocal", invStd, invStd, cols);
    p.copy(mean, scale, cols);
    fold(p, runMean, scale, momentum, cols);
    // one row has no spread to correct: the JS backend then folds in the biased σ² (= Σ / 1)
    p.binaryScalar("div", sumSq, rows > 1 ? rows - 1 : rows, sumSq, cols);
    fold(p, runVar, sumSq, momentum, cols);
    p.binary("mul", gamma, [cols], invStd, [cols], scale, [cols]);
    p.binary("mul", centred, m, scale, [cols], y, m);
    p.binary("add", y, m, beta, [cols], y, m);
  });
}

/** Composite of `Backend.batchNormInfer`. */
export function batchNormInfer(
  p: PrimitiveBackend, x: DataId, gamma: DataId, beta: DataId, runMean: DataId, runVar: DataId, y: DataId, params: BatchNormParams,
): void {
  const { rows, cols, eps } = params;
  const m: [number, number] = [rows, cols];
  withScratch(p, [cols], ([scale]) => {
    p.binaryScalar("add", runVar, eps, scale, cols);
    p.unary("sqrt", scale, scale, cols);
    p.binary("div", gamma, [cols], scale, [cols], scale, [cols]);
    p.binary("sub", x, m, runMean, [cols], y, m);
    p.binary("mul", y, m, scale, [cols], y, m);
    p.binary("add", y, m, beta, [cols], y, m);
  });
}

/** Composite of `Backend.batchNormBackward`. */
export function batchNormBackward(
  p: PrimitiveBackend, x: DataId, dy: DataId, gamma: DataId, mean: DataId, invStd: DataId,
  dx: DataId, dgamma: DataId, dbeta: DataId, params: BatchNormParams,
): void {
  const { rows, cols } = params;
  const m: [number, number] = [rows, cols];
  withScratch(p, [rows * cols, rows * cols, cols], ([xHat, product, scale]) => {
    p.binary("sub", x, m, mean, [cols], xHat, m);
    p.binary("mul", xHat, m, invStd, [cols], xHat, m);
    p.reduce("sum", dy, m, [0], dbeta);
    p.binary("mul", dy, m, xHat, m, product, m);
    p.reduce("sum", product, m, [0], dgamma);
    p.binary("mul", xHat, m, dgamma, [cols], product, m);
    p.binaryScalar("mul", dy, rows, dx, rows * cols);
    p.binary("sub", dx, m, dbeta, [cols], dx, m);
    p.binary("sub", dx, m, product, m, dx, m);
    p.binary("mul", gamma, [cols], invStd, [cols], scale, [cols]);
    p.binaryScalar("div", scale, rows, scale, cols);
    p.binary("mul", dx, m, scale, [cols], dx, m);
  });
}
