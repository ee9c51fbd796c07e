/** Σ x². */
export function sumSquaresReference(x: Float64Array): number {
  return x.reduce((s, v) => s + v * v, 0);
}

/** Share of elements that are exactly 0. */
export function fractionZerosReference(x: Float64Array): number {
  return x.filter((v) => v === 0).length / x.length;
}

/** Share of elements at or beyond either bound: v ≤ lo or v ≥ hi. */
export function fractionOutsideReference(x: Float64Array, lo: number, hi: number): number {
  return x.filter((v) => v <= lo || v >= hi).length / x.length;
}
