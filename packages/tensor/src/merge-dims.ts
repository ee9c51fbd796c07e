// Broadcast and reduce loops over simplified shapes, for backend authors: a kernel walks the
// fewest, longest dims, so [64, 28, 28, 8] + [8] is a [50176, 8] loop rather than a rank-4 one.
import { stridesOf, type Shape } from "./shape.js";

/**
 * A loop nest over merged dims: sizes, and per operand one element stride per dim.
 *
 * @example
 * const loop: DimLoop = { dims: [50176, 8], strides: [[8, 1], [0, 1]] };
 */
export interface DimLoop {
  dims: number[];
  strides: number[][];
}

/**
 * Drops size-1 dims and merges neighbours that every operand walks contiguously (stride[d] =
 * stride[d+1]·dims[d+1] for each), so [64, 28, 28, 8] + [8] becomes a [50176, 8] loop with strides
 * [8, 1] and [0, 1]. Always returns at least one dim.
 *
 * @example
 * const out = [64, 28, 28, 8];
 * mergeDims(out, [broadcastStrides(out, out), broadcastStrides([8], out)]); // { dims: [50176, 8], strides: [[8, 1], [0, 1]] }
 */
export function mergeDims(dims: Shape, strides: readonly (readonly number[])[]): DimLoop {
  const out: DimLoop = { dims: [], strides: strides.map(() => []) };
  for (let d = 0; d < dims.length; d++) {
    if (dims[d] === 1) continue;
    const last = out.dims.length - 1;
    const merges = last >= 0 && strides.every((s, o) => out.strides[o][last] === s[d] * dims[d]);
    if (merges) {
      out.dims[last] *= dims[d];
      strides.forEach((s, o) => (out.strides[o][last] = s[d]));
    } else {
      out.dims.push(dims[d]);
      strides.forEach((s, o) => out.strides[o].push(s[d]));
    }
  }
  if (out.dims.length === 0) {
    out.dims.push(1);
    out.strides.forEach((s) => s.push(1));
  }
  return out;
}

/**
 * Strides of `shape` read from an output of shape `outShape` under NumPy broadcasting (0 where broadcast).
 *
 * @example
 * broadcastStrides([3, 1], [2, 3, 4]); // [0, 1, 0]
 */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const own = stridesOf(shape);
  const out = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < shape.length; i++) {
    const r = outShape.length - shape.length + i;
    out[r] = shape[i] === 1 ? 0 : own[i];
  }
  return out;
}

/**
 * Element strides in the reduced output for each input dim: 0 along reduced axes.
 *
 * @example
 * reducedStrides([2, 3, 4], [1]); // [4, 0, 1]
 */
export function reducedStrides(shape: Shape, axes: readonly number[]): number[] {
  const kept = shape.filter((_, i) => !axes.includes(i));
  const keptStrides = stridesOf(kept);
  const out = new Array<number>(shape.length).fill(0);
  for (let i = 0, j = 0; i < shape.length; i++) if (!axes.includes(i)) out[i] = keptStrides[j++];
  return out;
}
