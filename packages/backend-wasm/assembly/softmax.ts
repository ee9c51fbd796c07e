// Row-wise softmax, log-softmax and the losses built on them. Every row is shifted by its maximum
// so exp never overflows; sums and the loss total run in float64 like the reference.

/** Largest value of row x[0..cols) (−∞ for an empty row). */
function rowMax(x: usize, cols: i32): f32 {
  let m: f32 = -Infinity;
  for (let c = 0; c < cols; c++) {
    const v = load<f32>(x + <usize>(c * 4));
    if (v > m) m = v;
  }
  return m;
}

/** log Σ exp(x_c) of one row, computed as max + log Σ exp(x_c − max). */
function rowLogSumExp(x: usize, cols: i32): f64 {
  const m = rowMax(x, cols);
  let s: f64 = 0;
  for (let c = 0; c < cols; c++) s += Mathf.exp(load<f32>(x + <usize>(c * 4)) - m);
  return <f64>m + Math.log(s);
}

/** out = softmax(x) row by row (log-softmax when `log`). */
export function softmax(x: usize, out: usize, rows: i32, cols: i32, log: bool): void {
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>(r * cols * 4), or = out + <usize>(r * cols * 4);
    const lse = rowLogSumExp(xr, cols);
    for (let c = 0; c < cols; c++) {
      const d = <f64>load<f32>(xr + <usize>(c * 4)) - lse;
      store<f32>(or + <usize>(c * 4), <f32>(log ? d : Math.exp(d)));
    }
  }
}

/**
 * Mean cross-entropy of softmax(x) against q = (1−ε)·target + ε/cols, with targets either class
 * indices (sparse) or rows of probabilities. Per row L = lse·Σq − Σ q_c x_c and
 * ∂L/∂x_c = softmax_c·Σq − q_c; dx (when non-zero) gets the gradient of the mean.
 * A sparse target that is not an integer in [0, cols) (converting it would read 1.5 as class 1 and
 * NaN as class 0) makes the loss NaN and its row of dx NaN; the host then finds the row.
 */
export function softmaxCrossEntropy(x: usize, t: usize, loss: usize, dx: usize, rows: i32, cols: i32, sparse: bool, smoothing: f64): void {
  const off = smoothing / cols;
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>(r * cols * 4);
    const target = sparse ? load<f32>(t + <usize>(r * 4)) : 0;
    // NaN fails both comparisons
    if (sparse && !(target >= 0 && target < <f32>cols && Mathf.trunc(target) == target)) {
      total = NaN;
      if (dx != 0) for (let c = 0; c < cols; c++) store<f32>(dx + <usize>((r * cols + c) * 4), NaN);
      continue;
    }
    const lse = rowLogSumExp(xr, cols);
    const label = sparse ? <i32>target : -1;
    let qSum: f64 = 0, qx: f64 = 0;
    for (let c = 0; c < cols; c++) {
      const target: f64 = sparse ? (c == label ? 1 : 0) : <f64>load<f32>(t + <usize>((r * cols + c) * 4));
      const q = (1 - smoothing) * target + off;
      const xc = <f64>load<f32>(xr + <usize>(c * 4));
      qSum += q;
      qx += q * (xc - lse);
      if (dx != 0) store<f32>(dx + <usize>((r * cols + c) * 4), <f32>q);
    }
    total -= qx;
    if (dx != 0) {
      for (let c = 0; c < cols; c++) {
        const at = dx + <usize>((r * cols + c) * 4);
        const xc = <f64>load<f32>(xr + <usize>(c * 4));
        store<f32>(at, <f32>((Math.exp(xc - lse) * qSum - <f64>load<f32>(at)) / rows));
      }
    }
  }
  store<f32>(loss, rows > 0 ? <f32>(total / rows) : 0);
}

/** Mean binary cross-entropy from logits, max(x,0) − x·t + log(1 + e^−|x|); dx = (σ(x) − t)/size. */
export function sigmoidCrossEntropy(x: usize, t: usize, loss: usize, dx: usize, size: i32): void {
  let total: f64 = 0;
  for (let i = 0; i < size; i++) {
    const v = <f64>load<f32>(x + <usize>(i * 4));
    const ti = <f64>load<f32>(t + <usize>(i * 4));
    total += Math.max(v, 0) - v * ti + Math.log1p(Math.exp(-Math.abs(v)));
    if (dx != 0) {
      const e = Math.exp(-Math.abs(v));
      const s = v >= 0 ? 1 / (1 + e) : e / (1 + e);
      store<f32>(dx + <usize>(i * 4), <f32>((s - ti) / size));
    }
  }
  store<f32>(loss, size > 0 ? <f32>(total / size) : 0);
}

/** Mean squared error and its gradient 2·(p − t)/size. */
export function meanSquaredError(p: usize, t: usize, loss: usize, dp: usize, size: i32): void {
  let total: f64 = 0;
  for (let i = 0; i < size; i++) {
    const d = <f64>load<f32>(p + <usize>(i * 4)) - <f64>load<f32>(t + <usize>(i * 4));
    total += d * d;
    if (dp != 0) store<f32>(dp + <usize>(i * 4), <f32>((2 * d) / size));
  }
  store<f32>(loss, size > 0 ? <f32>(total / size) : 0);
}
