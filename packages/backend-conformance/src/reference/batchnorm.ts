/** Per-column statistics of a [rows, cols] matrix. */
function columnStats(x: Float64Array, rows: number, cols: number): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(cols);
  const variance = new Float64Array(cols);
  for (let c = 0; c < cols; c++) {
    const col = Array.from({ length: rows }, (_, r) => x[r * cols + c]);
    mean[c] = col.reduce((a, b) => a + b, 0) / rows;
    variance[c] = col.reduce((a, v) => a + (v - mean[c]) ** 2, 0) / rows;
  }
  return { mean, variance };
}

/** What batchNormTrain must write: y, the batch mean and 1/sqrt(σ² + eps), and the new running statistics. */
export interface BatchNormTrainResult {
  y: Float64Array;
  mean: Float64Array;
  invStd: Float64Array;
  runMean: Float64Array;
  runVar: Float64Array;
}

/**
 * Training-mode batch norm over columns: y = γ·(x − μ)/sqrt(σ² + eps) + β with the biased σ², and
 * run ← (1 − momentum)·run + momentum·batch, using the unbiased σ²·rows/(rows − 1) for the variance.
 */
export function batchNormTrainReference(
  x: Float64Array, gamma: Float64Array, beta: Float64Array, runMean: Float64Array, runVar: Float64Array,
  rows: number, cols: number, eps: number, momentum: number,
): BatchNormTrainResult {
  const { mean, variance } = columnStats(x, rows, cols);
  const invStd = variance.map((v) => 1 / Math.sqrt(v + eps));
  const y = x.map((v, i) => gamma[i % cols] * (v - mean[i % cols]) * invStd[i % cols] + beta[i % cols]);
  return {
    y,
    mean,
    invStd,
    runMean: runMean.map((r, c) => (1 - momentum) * r + momentum * mean[c]),
    runVar: runVar.map((r, c) => (1 - momentum) * r + momentum * ((variance[c] * rows) / (rows - 1))),
  };
}

/** Inference-mode batch norm: y = γ·(x − runMean)/sqrt(runVar + eps) + β. */
export function batchNormInferReference(
  x: Float64Array, gamma: Float64Array, beta: Float64Array, runMean: Float64Array, runVar: Float64Array, cols: number, eps: number,
): Float64Array {
  return x.map((v, i) => {
    const c = i % cols;
    return (gamma[c] * (v - runMean[c])) / Math.sqrt(runVar[c] + eps) + beta[c];
  });
}

/**
 * Gradients of y = γ·x̂ + β, x̂ = (x − μ)·invStd, through the batch statistics:
 * dβ = Σ_r dy, dγ = Σ_r dy·x̂, dx̂ = γ·dy, and
 * dx = invStd·(dx̂ − mean_r(dx̂) − x̂·mean_r(dx̂·x̂)) (the derivative of the centring and of invStd).
 */
export function batchNormBackwardReference(
  x: Float64Array, dy: Float64Array, gamma: Float64Array, mean: Float64Array, invStd: Float64Array, rows: number, cols: number,
): { dx: Float64Array; dgamma: Float64Array; dbeta: Float64Array } {
  const dx = new Float64Array(rows * cols);
  const dgamma = new Float64Array(cols);
  const dbeta = new Float64Array(cols);
  for (let c = 0; c < cols; c++) {
    const xhat = Array.from({ length: rows }, (_, r) => (x[r * cols + c] - mean[c]) * invStd[c]);
    const dxhat = Array.from({ length: rows }, (_, r) => gamma[c] * dy[r * cols + c]);
    const meanDxhat = dxhat.reduce((a, b) => a + b, 0) / rows;
    const meanDxhatXhat = dxhat.reduce((a, d, r) => a + d * xhat[r], 0) / rows;
    for (let r = 0; r < rows; r++) {
      dbeta[c] += dy[r * cols + c];
      dgamma[c] += dy[r * cols + c] * xhat[r];
      dx[r * cols + c] = invStd[c] * (dxhat[r] - meanDxhat - xhat[r] * meanDxhatXhat);
    }
  }
  return { dx, dgamma, dbeta };
}
