import type { FloatArray } from "../dtype.js";

/** Dimensions and layout of one matmul on raw arrays with element offsets. */
export interface MatmulArgs {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  accumulate: boolean;
}

// op(B) copied to [n, k] rows when b is stored [k, n]; grown on demand and kept between calls.
// Float64 so a float64 backend loses nothing and a float32 one converts each value once, not per use.
let packed = new Float64Array(0);

/** b [k, n] (from element bOff) → packed [n, k]: column j of b becomes row j. */
function packTransposed(b: FloatArray, bOff: number, k: number, n: number): Float64Array {
  if (packed.length < k * n) packed = new Float64Array(k * n);
  for (let q = 0; q < k; q++) {
    const row = bOff + q * n;
    for (let j = 0; j < n; j++) packed[j * k + q] = b[row + j];
  }
  return packed;
}

/** out = bias rows (or zeros), or out += bias when accumulating: the part of the result that is not a product. */
function initOutput(out: FloatArray, outOff: number, m: number, n: number, bias: FloatArray | null, accumulate: boolean): void {
  for (let i = 0; i < m; i++) {
    const o = outOff + i * n;
    if (accumulate) {
      if (bias) for (let j = 0; j < n; j++) out[o + j] += bias[j];
    } else if (bias) for (let j = 0; j < n; j++) out[o + j] = bias[j];
    else out.fill(0, o, o + n);
  }
}

/**
 * out[m, n] (+)= op(a) · op(b) (+ bias). Every output element is a dot product of a row of op(a) with a
 * row of op(b)ᵀ, which is b itself when transB and a packed copy otherwise. Outputs are computed in
 * 4x4 blocks held in 16 local sums: each step over q loads 4 values of a and 4 of b for 16
 * multiply-adds, where a row-at-a-time loop does one load and one store of out per multiply-add.
 * Measured numbers are in the package README ("Speed").
 */
export function matmulArrays(
  a: FloatArray, aOff: number, b: FloatArray, bOff: number, out: FloatArray, outOff: number,
  bias: FloatArray | null, p: MatmulArgs,
): void {
  const { m, n, k } = p;
  initOutput(out, outOff, m, n, bias, p.accumulate);
  if (m === 0 || n === 0 || k === 0) return;
  // a(i, q) = a[aOff + i·ars + q·acs]; bt(j, q) = bt[bto + j·k + q]
  const ars = p.transA ? 1 : k;
  const acs = p.transA ? m : 1;
  const bt = p.transB ? b : packTransposed(b, bOff, k, n);
  const bto = p.transB ? bOff : 0;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const r0 = aOff + i * ars, r1 = r0 + ars, r2 = r1 + ars, r3 = r2 + ars;
    const o0 = outOff + i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const c0 = bto + j * k, c1 = c0 + k, c2 = c1 + k, c3 = c2 + k;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let q = 0; q < k; q++) {
        const qa = q * acs;
        const a0 = a[r0 + qa], a1 = a[r1 + qa], a2 = a[r2 + qa], a3 = a[r3 + qa];
        const b0 = bt[c0 + q], b1 = bt[c1 + q], b2 = bt[c2 + q], b3 = bt[c3 + q];
        s00 += a0 * b0; s01 += a0 * b1; s02 += a0 * b2; s03 += a0 * b3;
        s10 += a1 * b0; s11 += a1 * b1; s12 += a1 * b2; s13 += a1 * b3;
        s20 += a2 * b0; s21 += a2 * b1; s22 += a2 * b2; s23 += a2 * b3;
        s30 += a3 * b0; s31 += a3 * b1; s32 += a3 * b2; s33 += a3 * b3;
      }
      out[o0 + j] += s00; out[o0 + j + 1] += s01; out[o0 + j + 2] += s02; out[o0 + j + 3] += s03;
      out[o1 + j] += s10; out[o1 + j + 1] += s11; out[o1 + j + 2] += s12; out[o1 + j + 3] += s13;
      out[o2 + j] += s20; out[o2 + j + 1] += s21; out[o2 + j + 2] += s22; out[o2 + j + 3] += s23;
      out[o3 + j] += s30; out[o3 + j + 1] += s31; out[o3 + j + 2] += s32; out[o3 + j + 3] += s33;
    }
    // the last n mod 4 columns: four rows against one column
    for (; j < n; j++) {
      const c = bto + j * k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let q = 0; q < k; q++) {
        const bv = bt[c + q], qa = q * acs;
        s0 += a[r0 + qa] * bv; s1 += a[r1 + qa] * bv; s2 += a[r2 + qa] * bv; s3 += a[r3 + qa] * bv;
      }
      out[o0 + j] += s0; out[o1 + j] += s1; out[o2 + j] += s2; out[o3 + j] += s3;
    }
  }
  // the last m mod 4 rows: one dot product per output
  for (; i < m; i++) {
    const r = aOff + i * ars, o = outOff + i * n;
    for (let j = 0; j < n; j++) {
      const c = bto + j * k;
      let s = 0;
      for (let q = 0; q < k; q++) s += a[r + q * acs] * bt[c + q];
      out[o + j] += s;
    }
  }
}
