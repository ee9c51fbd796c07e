import type { ReduceOp } from "../backend.js";
import type { FloatArray } from "../dtype.js";
import { stridesOf, type Shape } from "../shape.js";

/**
 * acc ⊕ x[at], x[at + step], … (n values): one loop per op, so no call or op test per element.
 * max / min let a NaN in and never out, so NaN propagates.
 */
type Line = (acc: number, x: FloatArray, at: number, n: number, step: number) => number;

const LINE: Record<ReduceOp, Line> = {
  sum: sumLine,
  mean: sumLine,
  max(acc, x, at, n, step) {
    for (let t = 0; t < n; t++, at += step) if (x[at] > acc || Number.isNaN(x[at])) acc = x[at];
    return acc;
  },
  min(acc, x, at, n, step) {
    for (let t = 0; t < n; t++, at += step) if (x[at] < acc || Number.isNaN(x[at])) acc = x[at];
    return acc;
  },
};

function sumLine(acc: number, x: FloatArray, at: number, n: number, step: number): number {
  for (let t = 0; t < n; t++, at += step) acc += x[at];
  return acc;
}

/** Rows per block of a leading-axes reduction (a block of 128 rows × one 64-byte line = 8 KiB). */
const ROW_BLOCK = 128;

const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/**
 * Reduces x over `axes` (sorted, unique) into out, which has those axes removed. Seen as a
 * [outer, inner] matrix split after the reduced block, a leading block (axes 0..k-1) gives
 * out[j] = ⊕_i x[i·inner + j] and a trailing block out[i] = ⊕_j x[i·inner + j]: both are lines of
 * x with a fixed step, reduced in a local; only other axis sets walk the general index odometer.
 */
export function reduceArrays(op: ReduceOp, x: FloatArray, shape: Shape, axes: readonly number[], out: FloatArray): void {
  const rank = shape.length;
  const size = product(shape);
  const outSize = product(shape.filter((_, i) => !axes.includes(i)));
  const init = op === "max" ? -Infinity : op === "min" ? Infinity : 0;
  out.fill(init, 0, outSize);
  if (size === 0) {
    if (op === "mean") out.fill(NaN, 0, outSize);
    return;
  }
  const count = size / outSize;
  const line = LINE[op];
  if (axes.every((a, t) => a === t)) {
    // columns of ROW_BLOCK rows at a time: the block's rows stay in cache while every column reads them
    for (let i = 0; i < count; i += ROW_BLOCK) {
      const rows = Math.min(ROW_BLOCK, count - i);
      for (let j = 0; j < outSize; j++) out[j] = line(out[j], x, i * outSize + j, rows, outSize);
    }
  } else if (axes.every((a, t) => a === rank - axes.length + t)) {
    for (let i = 0; i < outSize; i++) out[i] = line(init, x, i * count, count, 1);
  } else reduceGeneral(line, x, shape, axes, out);
  if (op === "mean") for (let i = 0; i < outSize; i++) out[i] /= count;
}

/** Any axis set: walks x in order with an odometer that tracks the matching output index. */
function reduceGeneral(line: Line, x: FloatArray, shape: Shape, axes: readonly number[], out: FloatArray): void {
  const rank = shape.length;
  const keptStrides = stridesOf(shape.filter((_, i) => !axes.includes(i)));
  // stride of each input axis in out: 0 along reduced axes
  const os = new Array<number>(rank).fill(0);
  for (let i = 0, j = 0; i < rank; i++) if (!axes.includes(i)) os[i] = keptStrides[j++];
  const idx = new Array<number>(rank).fill(0);
  const size = product(shape);
  let o = 0;
  for (let i = 0; i < size; i++) {
    out[o] = line(out[o], x, i, 1, 1);
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) {
        o += os[d];
        break;
      }
      idx[d] = 0;
      o -= os[d] * (shape[d] - 1);
    }
  }
}

/** out[outer, inner] = index of the first maximum of x[outer, :, inner] along `axis`. */
export function argmaxArrays(x: FloatArray, shape: Shape, axis: number, out: FloatArray): void {
  const n = shape[axis];
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let best = 0;
      let bestV = x[base];
      for (let j = 1; j < n; j++) {
        const v = x[base + j * inner];
        if (v > bestV) {
          bestV = v;
          best = j;
        }
      }
      out[o * inner + i] = best;
    }
  }
}
