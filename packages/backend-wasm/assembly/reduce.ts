// Reductions over any set of axes. The host merges neighbouring axes that are both kept or both
// reduced, so the shape alternates kept / reduced runs; the innermost run is then either one
// contiguous row folded into one output (reduced) or a row folded lane-wise into a row of the
// output (kept). Both run 4 lanes at a time.

export const R_SUM = 0;
export const R_MEAN = 1;
export const R_MAX = 2;
export const R_MIN = 3;

function combine(op: i32, x: v128, y: v128): v128 {
  if (op == R_MAX) return f32x4.max(x, y);
  if (op == R_MIN) return f32x4.min(x, y);
  return f32x4.add(x, y);
}

function combineScalar(op: i32, x: f32, y: f32): f32 {
  if (op == R_MAX) return max(x, y);
  if (op == R_MIN) return min(x, y);
  return x + y;
}

/** acc op= x[0..len), folding the row to one value (four vector accumulators, then lanes). */
function foldRow(op: i32, x: usize, len: i32, acc: f32): f32 {
  let i = 0;
  if (len >= 16) {
    let v0 = v128.load(x), v1 = v128.load(x, 16), v2 = v128.load(x, 32), v3 = v128.load(x, 48);
    for (i = 16; i + 16 <= len; i += 16) {
      const p = x + <usize>(i * 4);
      v0 = combine(op, v0, v128.load(p));
      v1 = combine(op, v1, v128.load(p, 16));
      v2 = combine(op, v2, v128.load(p, 32));
      v3 = combine(op, v3, v128.load(p, 48));
    }
    const v = combine(op, combine(op, v0, v1), combine(op, v2, v3));
    acc = combineScalar(op, acc, combineScalar(op,
      combineScalar(op, f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)),
      combineScalar(op, f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3))));
  }
  for (; i < len; i++) acc = combineScalar(op, acc, load<f32>(x + <usize>(i * 4)));
  return acc;
}

/** out[0..len) op= x[0..len), lane-wise. */
function foldInto(op: i32, x: usize, out: usize, len: i32): void {
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const off = <usize>(i * 4);
    v128.store(out + off, combine(op, v128.load(out + off), v128.load(x + off)));
  }
  for (; i < len; i++) {
    const at = out + <usize>(i * 4);
    store<f32>(at, combineScalar(op, load<f32>(at), load<f32>(x + <usize>(i * 4))));
  }
}

const COLUMN_PASSES_MAX = 1 << 16;

/**
 * out[j] op= x[r, j] over rows r < rows, for j < len: the column sums of a bias gradient. Output
 * columns stay in registers across all rows, 16 at a time, added in the order foldInto adds them
 * (so the same bits). Measured here against row by row through foldInto: [36864, 8] 3x and
 * [128, 128] 5x faster, but [65536, 64] 2.4x slower, one pass over 16 MB per 16 columns; hence
 * reduce() takes this path for at most 16 columns or at most COLUMN_PASSES_MAX values (in cache).
 */
function foldColumns(op: i32, x: usize, out: usize, rows: i32, len: i32): void {
  const rowBytes = <usize>(len * 4);
  let j = 0;
  for (; j + 16 <= len; j += 16) {
    const o = out + <usize>(j * 4);
    let v0 = v128.load(o), v1 = v128.load(o, 16), v2 = v128.load(o, 32), v3 = v128.load(o, 48);
    let p = x + <usize>(j * 4);
    for (let r = 0; r < rows; r++, p += rowBytes) {
      v0 = combine(op, v0, v128.load(p));
      v1 = combine(op, v1, v128.load(p, 16));
      v2 = combine(op, v2, v128.load(p, 32));
      v3 = combine(op, v3, v128.load(p, 48));
    }
    v128.store(o, v0);
    v128.store(o, v1, 16);
    v128.store(o, v2, 32);
    v128.store(o, v3, 48);
  }
  for (; j + 4 <= len; j += 4) {
    const o = out + <usize>(j * 4);
    let v = v128.load(o);
    let p = x + <usize>(j * 4);
    for (let r = 0; r < rows; r++, p += rowBytes) v = combine(op, v, v128.load(p));
    v128.store(o, v);
  }
  for (; j < len; j++) {
    const o = out + <usize>(j * 4);
    let v = load<f32>(o);
    let p = x + <usize>(j * 4);
    for (let r = 0; r < rows; r++, p += rowBytes) v = combineScalar(op, v, load<f32>(p));
    store<f32>(o, v);
  }
}

/**
 * Reduces x of `rank` merged dims (sizes at dims) into out. outStr holds each dim's element stride
 * in out (0 for reduced dims); idx is room for rank counters. out must hold the op's identity
 * (0, −∞ or +∞) and has outSize elements; mean divides by count at the end.
 */
export function reduce(op: i32, x: usize, out: usize, rank: i32, dims: usize, outStr: usize, idx: usize, outSize: i32, count: f32): void {
  const last = rank - 1;
  const len = load<i32>(dims + <usize>(last * 4));
  const keptInner = load<i32>(outStr + <usize>(last * 4)) != 0;
  const rows = load<i32>(dims);
  if (rank == 2 && keptInner && (len <= 16 || rows * len <= COLUMN_PASSES_MAX)) foldColumns(op, x, out, rows, len);
  else reduceRows(op, x, out, rank, dims, outStr, idx, len, keptInner);
  if (op == R_MEAN) {
    const inv = f32x4.splat(count);
    let i = 0;
    for (; i + 4 <= outSize; i += 4) {
      const p = out + <usize>(i * 4);
      v128.store(p, f32x4.div(v128.load(p), inv));
    }
    for (; i < outSize; i++) {
      const p = out + <usize>(i * 4);
      store<f32>(p, load<f32>(p) / count);
    }
  }
}

/** Every other shape: row by row, an index counter per merged dim walking out. */
function reduceRows(op: i32, x: usize, out: usize, rank: i32, dims: usize, outStr: usize, idx: usize, len: i32, keptInner: bool): void {
  const last = rank - 1;
  let rows = 1;
  for (let d = 0; d < last; d++) {
    rows *= load<i32>(dims + <usize>(d * 4));
    store<i32>(idx + <usize>(d * 4), 0);
  }
  let xo = 0, o = 0;
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>(xo * 4);
    const at = out + <usize>(o * 4);
    if (keptInner) foldInto(op, row, at, len);
    else store<f32>(at, foldRow(op, row, len, load<f32>(at)));
    xo += len;
    for (let d = last - 1; d >= 0; d--) {
      const c = idx + <usize>(d * 4);
      const n = load<i32>(dims + <usize>(d * 4));
      const os = load<i32>(outStr + <usize>(d * 4));
      const v = load<i32>(c) + 1;
      if (v < n) {
        store<i32>(c, v);
        o += os;
        break;
      }
      store<i32>(c, 0);
      o -= os * (n - 1);
    }
  }
}

/** out[o, j] = index of the first maximum of x[o, :, j] (n along the axis, inner after it). */
export function argmax(x: usize, out: usize, outer: i32, n: i32, inner: i32): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = x + <usize>((o * n * inner + j) * 4);
      let best = 0;
      let bestV = load<f32>(base);
      for (let i = 1; i < n; i++) {
        const v = load<f32>(base + <usize>(i * inner * 4));
        if (v > bestV) {
          bestV = v;
          best = i;
        }
      }
      store<f32>(out + <usize>((o * inner + j) * 4), <f32>best);
    }
  }
}
