import type { ReduceOp } from "../backend.js";
import type { FloatArray } from "../dtype.js";
import { stridesOf, type Shape } from "../shape.js";

/** Reduces x over `axes` (sorted, unique) into out, which has those axes removed. */
export function reduceArrays(op: ReduceOp, x: FloatArray, shape: Shape, axes: readonly number[], out: FloatArray): void {
  const rank = shape.length;
  const size = shape.reduce((a, b) => a * b, 1);
  const keptShape = shape.filter((_, i) => !axes.includes(i));
  const keptStrides = stridesOf(keptShape);
  // stride of each input axis in out: 0 along reduced axes
  const os = new Array<number>(rank).fill(0);
  for (let i = 0, j = 0; i < rank; i++) if (!axes.includes(i)) os[i] = keptStrides[j++];
  const outSize = keptShape.reduce((a, b) => a * b, 1);
  const init = op === "max" ? -Infinity : op === "min" ? Infinity : 0;
  out.fill(init, 0, outSize);
  if (size === 0) {
    if (op === "mean") out.fill(NaN, 0, outSize);
    return;
  }
  const idx = new Array<number>(rank).fill(0);
  let o = 0;
  for (let i = 0; i < size; i++) {
    const v = x[i];
    if (op === "max") {
      if (v > out[o] || Number.isNaN(v)) out[o] = v;
    } else if (op === "min") {
      if (v < out[o] || Number.isNaN(v)) out[o] = v;
    } else out[o] += v;
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) {
        o += os[d];
        break;
      }
      idx[d] = 0;
      o -= os[d] * (shape[d] - 1);
    }
  }
  if (op === "mean") {
    const count = size / outSize;
    for (let i = 0; i < outSize; i++) out[i] /= count;
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
