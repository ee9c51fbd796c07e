// WGSL helpers that give the JS backend's answers on NaN, ±∞ and ±0. WGSL lets an implementation
// return anything from a built-in given a NaN or an infinity (and Vulkan's pow, log and sqrt are
// undefined for negative inputs), so every rule the JS backend follows is written out with
// comparisons, which are exact, and bit tests. NaN is recognised by its bits: a compiler may fold
// x != x away, never an integer test. The constants live in private variables, because a const
// expression that evaluates to NaN or ∞ does not compile.

/** Helpers every elementwise shader may call. */
export const WGSL_MATH = `
var<private> NAN_BITS: u32 = 0x7fc00000u;
var<private> INF_BITS: u32 = 0x7f800000u;
fn nan_f32() -> f32 { return bitcast<f32>(NAN_BITS); }
fn inf_f32() -> f32 { return bitcast<f32>(INF_BITS); }
fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn is_inf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
fn sign_bit(x: f32) -> bool { return (bitcast<u32>(x) & 0x80000000u) != 0u; }
fn js_abs(x: f32) -> f32 { return bitcast<f32>(bitcast<u32>(x) & 0x7fffffffu); }
// x > y || isNaN(x) ? x : y, the JS backend's max: a NaN on either side wins
fn js_max(x: f32, y: f32) -> f32 { return select(y, x, x > y || is_nan(x)); }
fn js_min(x: f32, y: f32) -> f32 { return select(y, x, x < y || is_nan(x)); }
// Math.pow: x^0 = 1 (even for NaN); NaN otherwise propagates; |x| = 1 to ±∞ is NaN; ±0 and ±∞ give
// 0 or ∞; any other negative base needs an integer exponent; a negative base (−0 and −∞ included)
// keeps its sign for an odd one.
fn js_pow(x: f32, y: f32) -> f32 {
  if (y == 0.0) { return 1.0; }
  if (is_nan(x) || is_nan(y)) { return nan_f32(); }
  let ax = js_abs(x);
  if (is_inf(y)) {
    if (ax == 1.0) { return nan_f32(); }
    return select(0.0, inf_f32(), (ax > 1.0) == (y > 0.0));
  }
  let whole = floor(y) == y;
  // beyond 2^24 every float32 is even
  let odd = whole && js_abs(y) < 16777216.0 && floor(y * 0.5) != y * 0.5;
  var r: f32;
  if (ax == 0.0) { r = select(inf_f32(), 0.0, y > 0.0); }
  else if (is_inf(ax)) { r = select(0.0, inf_f32(), y > 0.0); }
  else if (x < 0.0 && !whole) { return nan_f32(); }
  else { r = pow(ax, y); }
  return select(r, -r, odd && sign_bit(x));
}
fn js_exp(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x > 88.8) { return inf_f32(); }
  if (x < -104.0) { return 0.0; }
  return exp(x);
}
fn js_log(x: f32) -> f32 {
  if (is_nan(x) || x < 0.0) { return nan_f32(); }
  if (x == 0.0) { return -inf_f32(); }
  if (is_inf(x)) { return x; }
  return log(x);
}
fn js_sqrt(x: f32) -> f32 {
  if (is_nan(x) || x < 0.0) { return nan_f32(); }
  if (is_inf(x) || x == 0.0) { return x; }
  return sqrt(x);
}
fn js_reciprocal(x: f32) -> f32 {
  // 1/±0 = ±∞ and 1/±∞ = ±0, which a GPU's approximate reciprocal need not give
  if (x == 0.0) { return bitcast<f32>((bitcast<u32>(x) & 0x80000000u) | INF_BITS); }
  if (is_inf(x)) { return bitcast<f32>(bitcast<u32>(x) & 0x80000000u); }
  return 1.0 / x;
}
fn js_sign(x: f32) -> f32 {
  if (x > 0.0) { return 1.0; }
  if (x < 0.0) { return -1.0; }
  return x; // ±0 and NaN as they are
}
// σ(x) = 1/(1 + e^−x) for x ≥ 0 and e^x/(1 + e^x) below: the exponent is never positive
fn js_sigmoid(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let e = js_exp(-js_abs(x));
  return select(e / (1.0 + e), 1.0 / (1.0 + e), x >= 0.0);
}
// tanh: near 0 Cephes' tanhf polynomial x + x³·P(x²) (relative error about 1e-7), where the formula
// below would lose digits to 1 − e; beyond, sign(x)·(1 − e)/(1 + e) with e = e^−2|x|, which does not
// overflow at ±1000 (where a built-in written with e^x may give NaN)
fn js_tanh(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let a = js_abs(x);
  if (a < 0.625) {
    let z = x * x;
    return ((((-5.70498872745e-3 * z + 2.06390887954e-2) * z - 5.37397155531e-2) * z + 1.33314422036e-1) * z - 3.33332819422e-1) * z * x + x;
  }
  let e = js_exp(-2.0 * a);
  let t = (1.0 - e) / (1.0 + e);
  return select(t, -t, x < 0.0);
}
`;
