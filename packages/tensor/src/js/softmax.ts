import type { SoftmaxCrossEntropyParams } from "../backend.js";
import type { FloatArray } from "../dtype.js";

/** log Σ_c e^(x_c) over the row of `cols` values at `o`, shifted by the row maximum so exp never overflows. */
function rowLogSumExp(x: FloatArray, o: number, cols: number): number {
  let max = -Infinity;
  for (let c = 0; c < cols; c++) if (x[o + c] > max) max = x[o + c];
  let sum = 0;
  for (let c = 0; c < cols; c++) sum += Math.exp(x[o + c] - max);
  return max + Math.log(sum);
}

/** Row-wise softmax e^(x − lse), or log-softmax x − lse, with lse the row's log-sum-exp. */
export function softmaxArrays(x: FloatArray, out: FloatArray, rows: number, cols: number, log: boolean): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const lse = rowLogSumExp(x, o, cols);
    if (log) for (let c = 0; c < cols; c++) out[o + c] = x[o + c] - lse;
    else for (let c = 0; c < cols; c++) out[o + c] = Math.exp(x[o + c] - lse);
  }
}

/**
 * Mean cross-entropy of softmax(logits) against q, with q = (1−ε)·target + ε/C.
 * Per row: L = −Σ_c q_c (x_c − lse) = lse·Σq − Σ q_c x_c; ∂L/∂x_c = softmax_c·Σq − q_c.
 * A sparse label that is not an integer in [0, C) makes the loss NaN and its row of dx NaN, so a
 * bad label can never pass as some class (the host finds the row when it sees the NaN loss).
 */
export function softmaxCrossEntropyArrays(
  x: FloatArray, t: FloatArray, loss: FloatArray, dx: FloatArray | null, p: SoftmaxCrossEntropyParams,
): void {
  const { rows, cols, sparse, smoothing } = p;
  const off = smoothing / cols;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const label = sparse ? t[r] : -1;
    if (sparse && !(Number.isInteger(label) && label >= 0 && label < cols)) {
      total = NaN;
      if (dx) dx.fill(NaN, o, o + cols);
      continue;
    }
    const lse = rowLogSumExp(x, o, cols);
    let qSum = 0;
    let qx = 0;
    for (let c = 0; c < cols; c++) {
      const target = sparse ? (c === label ? 1 : 0) : t[o + c];
      const q = (1 - smoothing) * target + off;
      qSum += q;
      qx += q * (x[o + c] - lse);
      if (dx) dx[o + c] = q;
    }
    total -= qx;
    if (dx) {
      for (let c = 0; c < cols; c++) dx[o + c] = (Math.exp(x[o + c] - lse) * qSum - dx[o + c]) / rows;
    }
  }
  loss[0] = rows > 0 ? total / rows : 0;
}

/** Mean binary cross-entropy from logits; stable form max(x,0) − x·t + log(1 + e^−|x|). */
export function sigmoidCrossEntropyArrays(x: FloatArray, t: FloatArray, loss: FloatArray, dx: FloatArray | null, size: number): void {
  let total = 0;
  for (let i = 0; i < size; i++) {
    const v = x[i];
    total += Math.max(v, 0) - v * t[i] + Math.log1p(Math.exp(-Math.abs(v)));
    if (dx) {
      const s = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
      dx[i] = (s - t[i]) / size;
    }
  }
  loss[0] = size > 0 ? total / size : 0;
}

/** Mean squared error and its gradient 2·(p − t)/size. */
export function meanSquaredErrorArrays(pred: FloatArray, t: FloatArray, loss: FloatArray, dp: FloatArray | null, size: number): void {
  let total = 0;
  for (let i = 0; i < size; i++) {
    const d = pred[i] - t[i];
    total += d * d;
    if (dp) dp[i] = (2 * d) / size;
  }
  loss[0] = size > 0 ? total / size : 0;
}
