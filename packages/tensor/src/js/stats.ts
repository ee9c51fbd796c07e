import type { FloatArray } from "../dtype.js";

/** Σ x², accumulated in float64 whatever the storage type. */
export function sumSquaresArray(x: FloatArray, size: number): number {
  let s = 0;
  for (let i = 0; i < size; i++) s += x[i] * x[i];
  return s;
}

/** Fraction of elements equal to 0. */
export function fractionZerosArray(x: FloatArray, size: number): number {
  let n = 0;
  for (let i = 0; i < size; i++) if (x[i] === 0) n++;
  return size > 0 ? n / size : 0;
}

/** Fraction of elements ≤ lo or ≥ hi. */
export function fractionOutsideArray(x: FloatArray, size: number, lo: number, hi: number): number {
  let n = 0;
  for (let i = 0; i < size; i++) if (x[i] <= lo || x[i] >= hi) n++;
  return size > 0 ? n / size : 0;
}
