// Row-wise softmax and log-softmax of [rows, cols], shifted by the row maximum m so that no
// exponent is positive (logits of ±1000 stay finite):
//   softmax(x)_c    = e^{x_c − m} / Σ_k e^{x_k − m}
//   logSoftmax(x)_c = (x_c − m) − log Σ_k e^{x_k − m}
import type { DataId } from "../backend.js";
import type { PrimitiveBackend } from "./primitives.js";
import { withScratch } from "./scratch.js";

/** out = x − (row maximum of x), for x [rows, cols]. */
function shiftByRowMax(p: PrimitiveBackend, x: DataId, out: DataId, rows: number, cols: number, max: DataId): void {
  p.reduce("max", x, [rows, cols], [1], max);
  p.binary("sub", x, [rows, cols], max, [rows, 1], out, [rows, cols]);
}

/** Composite of `Backend.softmax`. */
export function softmax(p: PrimitiveBackend, x: DataId, out: DataId, rows: number, cols: number): void {
  withScratch(p, [rows, rows], ([max, sum]) => {
    shiftByRowMax(p, x, out, rows, cols, max);
    p.unary("exp", out, out, rows * cols);
    p.reduce("sum", out, [rows, cols], [1], sum);
    p.binary("div", out, [rows, cols], sum, [rows, 1], out, [rows, cols]);
  });
}

/** Composite of `Backend.logSoftmax`. */
export function logSoftmax(p: PrimitiveBackend, x: DataId, out: DataId, rows: number, cols: number): void {
  withScratch(p, [rows, rows * cols], ([rowScalar, e]) => {
    shiftByRowMax(p, x, out, rows, cols, rowScalar);
    p.unary("exp", out, e, rows * cols);
    p.reduce("sum", e, [rows, cols], [1], rowScalar);
    p.unary("log", rowScalar, rowScalar, rows);
    p.binary("sub", out, [rows, cols], rowScalar, [rows, 1], out, [rows, cols]);
  });
}
