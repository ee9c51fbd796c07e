// The multiply-add every dot product runs on. Built with relaxed SIMD (the "fma" binaries) it is
// f32x4.relaxed_madd, which x86 with FMA3 and ARM run as one fused instruction: a·b + c rounded
// once, so results differ from the plain binary in the last bits (well inside the float32
// tolerance the conformance suite checks). Measured here side by side (bench/kernels.bench.mjs):
// matmul 1.2–1.3x and the conv passes 1.1–1.4x faster with it, because a fused op takes one
// issue slot where mul + add take two.

/** a·b + c, lane-wise: fused where the build has relaxed SIMD, else a separate mul and add. */
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}
