// Gradient statistics, each written into slot `index` of a small buffer the host reads once per step:
//   sumSquares       Σ x²
//   fractionZeros    #(x = 0) / size
//   fractionOutside  #(x ≤ lo or x ≥ hi) / size
// A NaN counts in neither fraction, as in the JS backend. The indicators use strict comparisons
// only (indicatorLess), which are false for NaN and exact for infinite values and bounds:
//   [x = 0]                  = [|sign x| < ½]
//   [x ≤ lo or x ≥ hi]       = [x is a number] − [x > lo]·[x < hi]
//   [x is a number]          = [|sign x| < 2];  [x > lo] = [−x < −lo]
// Each value is computed into a one-element scratch buffer and copied into its slot.
import type { DataId } from "../backend.js";
import { indicatorLess } from "./comparisons.js";
import type { PrimitiveBackend } from "./primitives.js";
import { withScratch } from "./scratch.js";

/** out[index] = mean of the 0/1 indicator (0 for no elements, as in the JS backend). */
function meanIntoSlot(p: PrimitiveBackend, indicator: DataId, size: number, out: DataId, index: number): void {
  withScratch(p, [1], ([value]) => {
    if (size > 0) p.reduce("mean", indicator, [size], [0], value);
    p.copy(value, out, 1, 0, index);
  });
}

/** t = |sign x|: 0 for 0, 1 for any other number, NaN for NaN. */
function absSign(p: PrimitiveBackend, x: DataId, t: DataId, size: number): void {
  p.unary("sign", x, t, size);
  p.unary("abs", t, t, size);
}

/** Composite of `Backend.sumSquares`. */
export function sumSquares(p: PrimitiveBackend, x: DataId, size: number, out: DataId, index: number): void {
  withScratch(p, [size, 1], ([squares, value]) => {
    p.unary("square", x, squares, size);
    p.reduce("sum", squares, [size], [0], value);
    p.copy(value, out, 1, 0, index);
  });
}

/** Composite of `Backend.fractionZeros`. */
export function fractionZeros(p: PrimitiveBackend, x: DataId, size: number, out: DataId, index: number): void {
  withScratch(p, [size], ([zero]) => {
    indicatorLess(p, size, (t) => absSign(p, x, t, size), 0.5, zero);
    meanIntoSlot(p, zero, size, out, index);
  });
}

/** Composite of `Backend.fractionOutside`. */
export function fractionOutside(p: PrimitiveBackend, x: DataId, size: number, lo: number, hi: number, out: DataId, index: number): void {
  withScratch(p, [size, size, size], ([outside, aboveLo, belowHi]) => {
    indicatorLess(p, size, (t) => absSign(p, x, t, size), 2, outside);
    indicatorLess(p, size, (t) => p.unary("neg", x, t, size), -lo, aboveLo);
    indicatorLess(p, size, (t) => p.copy(x, t, size), hi, belowHi);
    p.binary("mul", aboveLo, [size], belowHi, [size], aboveLo, [size]);
    p.binary("sub", outside, [size], aboveLo, [size], outside, [size]);
    meanIntoSlot(p, outside, size, out, index);
  });
}
