// Batch norm over the last axis of a [rows, cols] view. Statistics are gathered row by row (unit
// stride) into float64 per-column accumulators in `work` (2·cols f64), so long columns keep
// float64 accuracy like the reference.

function zeroF64(p: usize, n: i32): void {
  memory.fill(p, 0, <usize>n * 8);
}

/** y = x·scale[c] + shift[c] for every row, where scale and shift are f64 arrays. */
function affine(x: usize, y: usize, rows: i32, cols: i32, scale: usize, shift: usize): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = <usize>((r * cols + c) * 4);
      const v = <f64>load<f32>(x + i) * load<f64>(scale + <usize>(c * 8)) + load<f64>(shift + <usize>(c * 8));
      store<f32>(y + i, <f32>v);
    }
  }
}

/**
 * Training: μ and biased σ² per column; y = γ·(x − μ)·invStd + β with invStd = 1/sqrt(σ² + eps);
 * writes mean and invStd, and moves runMean / runVar toward μ and the unbiased σ²·rows/(rows−1).
 */
export function batchNormTrain(
  x: usize, gamma: usize, beta: usize, y: usize, mean: usize, invStd: usize, runMean: usize, runVar: usize,
  rows: i32, cols: i32, eps: f64, momentum: f64, work: usize,
): void {
  const s1 = work, s2 = work + <usize>(cols * 8);
  zeroF64(work, 2 * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const at = s1 + <usize>(c * 8);
      store<f64>(at, load<f64>(at) + <f64>load<f32>(x + <usize>((r * cols + c) * 4)));
    }
  }
  for (let c = 0; c < cols; c++) store<f64>(s1 + <usize>(c * 8), load<f64>(s1 + <usize>(c * 8)) / rows);
  // second pass for the variance: Σ (x − μ)² loses nothing to cancellation, unlike Σx² − μ²
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const d = <f64>load<f32>(x + <usize>((r * cols + c) * 4)) - load<f64>(s1 + <usize>(c * 8));
      const at = s2 + <usize>(c * 8);
      store<f64>(at, load<f64>(at) + d * d);
    }
  }
  for (let c = 0; c < cols; c++) {
    const mu = load<f64>(s1 + <usize>(c * 8));
    const v = load<f64>(s2 + <usize>(c * 8));
    const variance = v / rows;
    const inv = 1 / Math.sqrt(variance + eps);
    const unbiased = rows > 1 ? v / (rows - 1) : variance;
    const o = <usize>(c * 4);
    store<f32>(mean + o, <f32>mu);
    store<f32>(invStd + o, <f32>inv);
    store<f32>(runMean + o, <f32>((1 - momentum) * <f64>load<f32>(runMean + o) + momentum * mu));
    store<f32>(runVar + o, <f32>((1 - momentum) * <f64>load<f32>(runVar + o) + momentum * unbiased));
    const g = <f64>load<f32>(gamma + o) * inv;
    store<f64>(s1 + <usize>(c * 8), g);
    store<f64>(s2 + <usize>(c * 8), <f64>load<f32>(beta + o) - mu * g);
  }
  affine(x, y, rows, cols, s1, s2);
}

/** Inference: y = γ·(x − runMean)/sqrt(runVar + eps) + β. */
export function batchNormInfer(
  x: usize, gamma: usize, beta: usize, runMean: usize, runVar: usize, y: usize, rows: i32, cols: i32, eps: f64, work: usize,
): void {
  const scale = work, shift = work + <usize>(cols * 8);
  for (let c = 0; c < cols; c++) {
    const o = <usize>(c * 4);
    const g = <f64>load<f32>(gamma + o) / Math.sqrt(<f64>load<f32>(runVar + o) + eps);
    store<f64>(scale + <usize>(c * 8), g);
    store<f64>(shift + <usize>(c * 8), <f64>load<f32>(beta + o) - <f64>load<f32>(runMean + o) * g);
  }
  affine(x, y, rows, cols, scale, shift);
}

/** With x̂ = (x − μ)·invStd: dβ = Σ dy; dγ = Σ dy·x̂; dx = γ·invStd/rows · (rows·dy − dβ − x̂·dγ). */
export function batchNormBackward(
  x: usize, dy: usize, gamma: usize, mean: usize, invStd: usize, dx: usize, dgamma: usize, dbeta: usize,
  rows: i32, cols: i32, work: usize,
): void {
  const sb = work, sg = work + <usize>(cols * 8);
  zeroF64(work, 2 * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = <usize>((r * cols + c) * 4), o = <usize>(c * 4);
      const g = <f64>load<f32>(dy + i);
      const xh = (<f64>load<f32>(x + i) - <f64>load<f32>(mean + o)) * <f64>load<f32>(invStd + o);
      store<f64>(sb + <usize>(c * 8), load<f64>(sb + <usize>(c * 8)) + g);
      store<f64>(sg + <usize>(c * 8), load<f64>(sg + <usize>(c * 8)) + g * xh);
    }
  }
  for (let c = 0; c < cols; c++) {
    store<f32>(dbeta + <usize>(c * 4), <f32>load<f64>(sb + <usize>(c * 8)));
    store<f32>(dgamma + <usize>(c * 4), <f32>load<f64>(sg + <usize>(c * 8)));
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = <usize>((r * cols + c) * 4), o = <usize>(c * 4);
      const inv = <f64>load<f32>(invStd + o);
      const xh = (<f64>load<f32>(x + i) - <f64>load<f32>(mean + o)) * inv;
      const k = (<f64>load<f32>(gamma + o) * inv) / rows;
      const v = k * (rows * <f64>load<f32>(dy + i) - load<f64>(sb + <usize>(c * 8)) - xh * load<f64>(sg + <usize>(c * 8)));
      store<f32>(dx + i, <f32>v);
    }
  }
}
