// Comparisons for the composites. The arithmetic primitives cannot test x > c, and a product with
// a 0/1 mask is not a selection: NaN·0 and ∞·0 are NaN. Two primitives do compare, with the same
// rule: argmax and maxPoolBackward take the first cell of a line or window as its maximum (even when
// it is NaN) and let a later cell take over only when strictly greater. Over the pairs
// (f[i], c[i]) of a [2, n] buffer, the second therefore wins exactly when c[i] > f[i], which is
// false when either is NaN. The conformance suite pins that rule for both kernels.
import type { DataId, Pool2dGeometry } from "../backend.js";
import type { DType } from "../dtype.js";
import type { PrimitiveBackend } from "./primitives.js";
import { withScratch } from "./scratch.js";

/** Max-pool windows over a [2, n] buffer seen as an image [1, 2, 1, n]: window i is the pair (i, n + i). */
function pairWindows(n: number): Pool2dGeometry {
  return { batch: 1, inH: 2, inW: 1, channels: n, outH: 1, outW: 1, kH: 2, kW: 1, strideH: 1, strideW: 1, padTop: 0, padLeft: 0 };
}

/**
 * The least value of the storage type that is ≥ c. Storage rounds c to nearest, which may land
 * below c; with c rounded up instead, f < c and f < ceil(c) agree for every f the storage holds.
 */
function ceilToStorage(dtype: DType, c: number): number {
  const f = dtype === "float64" ? c : Math.fround(c);
  if (!(f < c)) return f;
  // the next float32 above f: its bit pattern one step further from 0 when positive, nearer when negative
  const float = Float32Array.of(f);
  const bits = new Int32Array(float.buffer);
  if (f === 0) bits[0] = 1;
  else bits[0] += f > 0 ? 1 : -1;
  return float[0];
}

/**
 * out[i] = 1 where f[i] < c, else 0 (also where f[i] is NaN), for the n values f that `writeF`
 * writes into the first n elements of the buffer it is given.
 */
export function indicatorLess(p: PrimitiveBackend, n: number, writeF: (t: DataId) => void, c: number, out: DataId): void {
  withScratch(p, [2 * n], ([t]) => {
    p.fill(t, ceilToStorage(p.dtype, c), 2 * n);
    writeF(t);
    // argmax of the pair (f, c) is 1 only when c > f
    p.argmax(t, [2, n], 0, out);
  });
}

/**
 * Splits dy by the sign of y without multiplying: out[n + i] = dy[i] where y[i] > 0, else
 * out[i] = dy[i] (y ≤ 0 or NaN); the other element of each pair is 0. out has 2n elements.
 * A max-pool backward over the pairs (−y[i], 0) routes dy[i] to the second cell exactly when 0 > −y[i].
 */
export function splitByPositive(p: PrimitiveBackend, y: DataId, dy: DataId, out: DataId, n: number): void {
  // alloc gives zeros, so the second row of t is the 0 of every pair
  withScratch(p, [2 * n], ([t]) => {
    p.unary("neg", y, t, n);
    p.maxPoolBackward(t, dy, out, pairWindows(n));
  });
}
