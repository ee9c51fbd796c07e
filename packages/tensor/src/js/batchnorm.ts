import type { BatchNormParams, BatchNormTrainParams } from "../backend.js";
import type { FloatArray } from "../dtype.js";

/** Batch statistics per column, normalisation, and the running-statistics update. */
export function batchNormTrainArrays(
  x: FloatArray, gamma: FloatArray, beta: FloatArray, y: FloatArray, mean: FloatArray, invStd: FloatArray,
  runMean: FloatArray, runVar: FloatArray, p: BatchNormTrainParams,
): void {
  const { rows, cols, eps, momentum } = p;
  for (let c = 0; c < cols; c++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += x[r * cols + c];
    const mu = s / rows;
    let v = 0;
    for (let r = 0; r < rows; r++) {
      const d = x[r * cols + c] - mu;
      v += d * d;
    }
    const variance = v / rows;
    const inv = 1 / Math.sqrt(variance + eps);
    mean[c] = mu;
    invStd[c] = inv;
    const unbiased = rows > 1 ? (v / (rows - 1)) : variance;
    runMean[c] = (1 - momentum) * runMean[c] + momentum * mu;
    runVar[c] = (1 - momentum) * runVar[c] + momentum * unbiased;
    const gk = gamma[c] * inv;
    const bk = beta[c] - mu * gk;
    for (let r = 0; r < rows; r++) y[r * cols + c] = x[r * cols + c] * gk + bk;
  }
}

/** Normalisation with the running statistics. */
export function batchNormInferArrays(
  x: FloatArray, gamma: FloatArray, beta: FloatArray, runMean: FloatArray, runVar: FloatArray, y: FloatArray, p: BatchNormParams,
): void {
  const { rows, cols, eps } = p;
  for (let c = 0; c < cols; c++) {
    const gk = gamma[c] / Math.sqrt(runVar[c] + eps);
    const bk = beta[c] - runMean[c] * gk;
    for (let r = 0; r < rows; r++) y[r * cols + c] = x[r * cols + c] * gk + bk;
  }
}

/** dβ = Σ dy; dγ = Σ dy·x̂; dx = γ·invStd/N · (N·dy − dβ − x̂·dγ). */
export function batchNormBackwardArrays(
  x: FloatArray, dy: FloatArray, gamma: FloatArray, mean: FloatArray, invStd: FloatArray,
  dx: FloatArray, dgamma: FloatArray, dbeta: FloatArray, p: BatchNormParams,
): void {
  const { rows, cols } = p;
  for (let c = 0; c < cols; c++) {
    const mu = mean[c], inv = invStd[c];
    let db = 0, dg = 0;
    for (let r = 0; r < rows; r++) {
      const i = r * cols + c;
      db += dy[i];
      dg += dy[i] * (x[i] - mu) * inv;
    }
    dbeta[c] = db;
    dgamma[c] = dg;
    const k = (gamma[c] * inv) / rows;
    for (let r = 0; r < rows; r++) {
      const i = r * cols + c;
      dx[i] = k * (rows * dy[i] - db - (x[i] - mu) * inv * dg);
    }
  }
}
