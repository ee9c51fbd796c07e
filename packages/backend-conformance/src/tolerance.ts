import type { DType } from "@chainrule/tensor";

/**
 * How close a backend's value must be to the float64 reference:
 * |actual − expected| ≤ atol·scale + rtol·|expected|, with scale = max(1, RMS of the expected array).
 * The relative part covers large values (a log-softmax of −2000); the absolute part covers values near
 * zero, where rounding of a sum's terms is larger than the sum itself. That rounding grows with the
 * size of the terms, which the RMS of the whole result measures (a sum of n terms of size t has RMS
 * about √n·t and a float32 rounding error about √n·t·√n·2⁻²⁴), hence the scale.
 *
 * @example
 * const tol: Tolerance = { rtol: 1e-4, atol: 1e-4 };
 */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/**
 * The default tolerance for a backend's dtype.
 *
 * float32: rtol 1e-4, atol 1e-4 (times the scale, see {@link Tolerance}). Measured: a backend that
 * sums every matmul and conv filter gradient one term at a time in float32 (the least accurate
 * order) passes at 1e-5, and fails at 2e-6 only on the 20480-term filter gradient; the JS backend,
 * which sums in float64, passes at 2e-6 except that same case. 1e-4 leaves 10x for SIMD / GPU
 * approximations of exp, log and sqrt and still catches kernel bugs, which are off by O(1).
 * float64: rtol 1e-10, atol 1e-12: only summation order differs from the reference (the JS float64
 * backend passes at 1e-13).
 *
 * @example
 * toleranceFor("float32"); // { rtol: 1e-4, atol: 1e-4 }
 */
export function toleranceFor(dtype: DType): Tolerance {
  return dtype === "float64" ? { rtol: 1e-10, atol: 1e-12 } : { rtol: 1e-4, atol: 1e-4 };
}

/** True when `actual` is within tolerance of `expected`; NaN matches NaN and an infinity matches itself. */
function isClose(actual: number, expected: number, atol: number, rtol: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}

/** max(1, root-mean-square of the finite values). */
function scaleOf(values: ArrayLike<number>): number {
  let sum = 0, n = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      sum += values[i] * values[i];
      n++;
    }
  }
  return n > 0 ? Math.max(1, Math.sqrt(sum / n)) : 1;
}

/**
 * Compares `actual` with `expected` element by element and throws an Error naming `label`, the number
 * of mismatches and the first few (index, value, reference) when any element is out of tolerance.
 * Only the first `expected.length` elements of `actual` are compared, so a backend may read back
 * storage larger than the logical size.
 *
 * @example
 * expectClose(await backend.read(out), referenceValues, toleranceFor(backend.dtype), "matmul NT");
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, label: string): void {
  if (actual.length < expected.length) {
    throw new Error(`${label}: read back ${actual.length} values but expected at least ${expected.length}`);
  }
  const atol = tol.atol * scaleOf(expected);
  const bad: string[] = [];
  let count = 0;
  for (let i = 0; i < expected.length; i++) {
    if (isClose(actual[i], expected[i], atol, tol.rtol)) continue;
    count++;
    if (bad.length < 5) bad.push(`[${i}] ${actual[i]} vs reference ${expected[i]}`);
  }
  if (count > 0) {
    throw new Error(
      `${label}: ${count} of ${expected.length} values differ from the float64 reference by more than ` +
        `${atol.toPrecision(3)} + ${tol.rtol}·|ref|: ${bad.join("; ")}${count > bad.length ? "; …" : ""}`,
    );
  }
}
