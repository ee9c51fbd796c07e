// Test helpers (not exported by the package): convolution and pooling written directly from their
// definitions in float64, independent of the backend kernels they check.

/** Output size and leading padding along one axis; `same` puts the odd padding cell at the end, as TF does. */
function axis(size: number, k: number, s: number, padding: "same" | "valid"): { out: number; pad: number } {
  if (padding === "valid") return { out: Math.floor((size - k) / s) + 1, pad: 0 };
  const out = Math.ceil(size / s);
  return { out, pad: Math.floor(Math.max((out - 1) * s + k - size, 0) / 2) };
}

/** y[n, i, j, f] = b[f] + Σ x[n, i·s − pad + u, j·s − pad + v, c]·w[u, v, c, f] over NHWC x and HWIO w. */
export function referenceConv(
  x: ArrayLike<number>, xs: readonly number[], w: ArrayLike<number>, ws: readonly number[], b: ArrayLike<number>, s: number, padding: "same" | "valid",
): { y: Float64Array; shape: number[] } {
  const [B, H, W, C] = xs;
  const [kH, kW, , F] = ws;
  const rows = axis(H, kH, s, padding), cols = axis(W, kW, s, padding);
  const y = new Float64Array(B * rows.out * cols.out * F);
  for (let n = 0; n < B; n++) for (let i = 0; i < rows.out; i++) for (let j = 0; j < cols.out; j++) for (let f = 0; f < F; f++) {
    let acc = b[f];
    for (let u = 0; u < kH; u++) for (let v = 0; v < kW; v++) for (let c = 0; c < C; c++) {
      const h = i * s - rows.pad + u, ww = j * s - cols.pad + v;
      if (h >= 0 && h < H && ww >= 0 && ww < W) acc += x[((n * H + h) * W + ww) * C + c] * w[((u * kW + v) * C + c) * F + f];
    }
    y[((n * rows.out + i) * cols.out + j) * F + f] = acc;
  }
  return { y, shape: [B, rows.out, cols.out, F] };
}

/** Pools NHWC `x` with k×k windows; `reduce` sees the cells of one window that lie inside the image. */
export function referencePool(
  x: ArrayLike<number>, xs: readonly number[], k: number, s: number, padding: "same" | "valid", reduce: (cells: number[]) => number,
): { y: Float64Array; shape: number[] } {
  const [B, H, W, C] = xs;
  const rows = axis(H, k, s, padding), cols = axis(W, k, s, padding);
  const y = new Float64Array(B * rows.out * cols.out * C);
  for (let n = 0; n < B; n++) for (let i = 0; i < rows.out; i++) for (let j = 0; j < cols.out; j++) for (let c = 0; c < C; c++) {
    const cells: number[] = [];
    for (let u = 0; u < k; u++) for (let v = 0; v < k; v++) {
      const h = i * s - rows.pad + u, ww = j * s - cols.pad + v;
      if (h >= 0 && h < H && ww >= 0 && ww < W) cells.push(x[((n * H + h) * W + ww) * C + c]);
    }
    y[((n * rows.out + i) * cols.out + j) * C + c] = reduce(cells);
  }
  return { y, shape: [B, rows.out, cols.out, C] };
}
