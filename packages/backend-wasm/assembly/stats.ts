// Gradient statistics the host reads once per step. Σ x² is accumulated in float64 lanes
// (f64x2) so a million squares keep the reference's accuracy at memory speed.

/** Σ x² over size elements; four f64x2 accumulators so the add latency never stalls the loads. */
export function sumSquares(x: usize, size: i32): f64 {
  let a0 = f64x2.splat(0), a1 = a0, a2 = a0, a3 = a0;
  let i = 0;
  for (; i + 8 <= size; i += 8) {
    const p = x + <usize>(i * 4);
    const v = v128.load(p), w = v128.load(p, 16);
    const v0 = f64x2.promote_low_f32x4(v), v1 = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    const w0 = f64x2.promote_low_f32x4(w), w1 = f64x2.promote_low_f32x4(v128.shuffle<f32>(w, w, 2, 3, 0, 1));
    a0 = f64x2.add(a0, f64x2.mul(v0, v0));
    a1 = f64x2.add(a1, f64x2.mul(v1, v1));
    a2 = f64x2.add(a2, f64x2.mul(w0, w0));
    a3 = f64x2.add(a3, f64x2.mul(w1, w1));
  }
  const a = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
  let s = f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
  for (; i < size; i++) {
    const v = <f64>load<f32>(x + <usize>(i * 4));
    s += v * v;
  }
  return s;
}

/** Number of elements with x ≤ lo or x ≥ hi (lo = hi = 0 counts exact zeros). */
function countOutside(x: usize, size: i32, lo: f32, hi: f32, zeros: bool): i32 {
  let n = 0;
  let i = 0;
  const lov = f32x4.splat(lo), hiv = f32x4.splat(hi);
  let acc = i32x4.splat(0);
  for (; i + 4 <= size; i += 4) {
    const v = v128.load(x + <usize>(i * 4));
    const hit = zeros ? f32x4.eq(v, lov) : v128.or(f32x4.le(v, lov), f32x4.ge(v, hiv));
    acc = i32x4.sub(acc, hit); // a true lane is −1
  }
  n = i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1) + i32x4.extract_lane(acc, 2) + i32x4.extract_lane(acc, 3);
  for (; i < size; i++) {
    const v = load<f32>(x + <usize>(i * 4));
    if (zeros ? v == lo : v <= lo || v >= hi) n++;
  }
  return n;
}

/** Fraction of elements exactly 0 (dead ReLU outputs). */
export function fractionZeros(x: usize, size: i32): f64 {
  return size > 0 ? <f64>countOutside(x, size, 0, 0, true) / size : 0;
}

/** Fraction of elements ≤ lo or ≥ hi (saturated sigmoid / tanh outputs). */
export function fractionOutside(x: usize, size: i32, lo: f32, hi: f32): f64 {
  return size > 0 ? <f64>countOutside(x, size, lo, hi, false) / size : 0;
}
