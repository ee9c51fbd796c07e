/** log Σ_c e^{x_c} of one row, shifted by its maximum so ±1000 stays finite. */
function logSumExp(row: Float64Array): number {
  const max = Math.max(...row);
  let s = 0;
  for (const v of row) s += Math.exp(v - max);
  return max + Math.log(s);
}

/** Row-wise log-softmax: x_c − log Σ e^{x}. */
export function logSoftmaxReference(x: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = x.subarray(r * cols, (r + 1) * cols);
    const lse = logSumExp(row);
    for (let c = 0; c < cols; c++) out[r * cols + c] = row[c] - lse;
  }
  return out;
}

/** Row-wise softmax, as e^{log-softmax}. */
export function softmaxReference(x: Float64Array, rows: number, cols: number): Float64Array {
  return logSoftmaxReference(x, rows, cols).map(Math.exp);
}

/**
 * Softmax cross-entropy with smoothed targets q = (1−ε)·t + ε/C (t one-hot from the label when sparse):
 * loss = mean_r −Σ_c q_c·logsoftmax(x)_c, dlogits = (softmax(x)·Σ_c q_c − q) / rows.
 * (Σ_c q_c is 1 for a proper distribution; the general form is the exact gradient of the loss.)
 * A sparse label that is not an integer in [0, C) makes the loss NaN and its row of dlogits NaN.
 */
export function softmaxCrossEntropyReference(
  x: Float64Array, targets: Float64Array, rows: number, cols: number, sparse: boolean, smoothing: number,
): { loss: number; dlogits: Float64Array } {
  const logp = logSoftmaxReference(x, rows, cols);
  const dlogits = new Float64Array(rows * cols);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    if (sparse && !(Number.isInteger(targets[r]) && targets[r] >= 0 && targets[r] < cols)) {
      total = NaN;
      dlogits.fill(NaN, r * cols, (r + 1) * cols);
      continue;
    }
    const q = Array.from({ length: cols }, (_, c) => {
      const t = sparse ? (targets[r] === c ? 1 : 0) : targets[r * cols + c];
      return (1 - smoothing) * t + smoothing / cols;
    });
    const qSum = q.reduce((a, b) => a + b, 0);
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      total -= q[c] * logp[i];
      dlogits[i] = (Math.exp(logp[i]) * qSum - q[c]) / rows;
    }
  }
  return { loss: total / rows, dlogits };
}

/** softplus(z) = log(1 + e^z), without overflow: z + log(1 + e^−z) for z > 0. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * Binary cross-entropy of sigmoid(x) against t: −t·log σ(x) − (1−t)·log(1 − σ(x)), and since
 * −log σ(x) = softplus(−x) and −log(1 − σ(x)) = softplus(x), loss = mean t·softplus(−x) + (1−t)·softplus(x);
 * dlogits = (σ(x) − t) / n.
 */
export function sigmoidCrossEntropyReference(x: Float64Array, t: Float64Array): { loss: number; dlogits: Float64Array } {
  const n = x.length;
  let total = 0;
  const dlogits = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    total += t[i] * softplus(-x[i]) + (1 - t[i]) * softplus(x[i]);
    dlogits[i] = (Math.exp(-softplus(-x[i])) - t[i]) / n;
  }
  return { loss: total / n, dlogits };
}

/** mean((p − t)²) and its gradient 2·(p − t)/n. */
export function meanSquaredErrorReference(p: Float64Array, t: Float64Array): { loss: number; dpred: Float64Array } {
  const n = p.length;
  const dpred = p.map((v, i) => (2 * (v - t[i])) / n);
  const loss = p.reduce((s, v, i) => s + (v - t[i]) ** 2, 0) / n;
  return { loss, dpred };
}
